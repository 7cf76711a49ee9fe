"use client";

import { Button } from "@/components/ui/button";
import { ConfirmAction } from "@/components/console/confirm-action";
import { closeAccessReviewAction } from "../../actions";

export function CloseReviewButton({ orgSlug, reviewId, remove, undecided }: { orgSlug: string; reviewId: string; remove: number; undecided: number }) {
  return (
    <ConfirmAction
      trigger={(pending) => <Button disabled={pending}>{pending ? "Closing…" : "Close review"}</Button>}
      title="Close this review?"
      description={`${remove} grant${remove === 1 ? "" : "s"} marked remove will be removed now${undecided ? `; ${undecided} undecided grant${undecided === 1 ? " is" : "s are"} kept` : ""}. Decisions cannot change afterwards.`}
      confirmLabel="Close and apply"
      success="Review closed; the removals are applied."
      run={() => closeAccessReviewAction(orgSlug, reviewId)}
    />
  );
}
