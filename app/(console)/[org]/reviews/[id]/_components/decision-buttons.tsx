"use client";

import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { decideAccessReviewAction } from "../../actions";

/** Keep or remove one grant; the pressed one shows the current decision. */
export function DecisionButtons({ orgSlug, reviewId, itemId, label, decision }: { orgSlug: string; reviewId: string; itemId: string; label: string; decision: "keep" | "remove" | null }) {
  const [pending, startTransition] = useTransition();
  const decide = (next: "keep" | "remove") =>
    startTransition(async () => {
      const result = await decideAccessReviewAction(orgSlug, reviewId, itemId, next);
      if (!result.ok) toast.error(result.error);
    });
  return (
    <div className="flex gap-1" role="group" aria-label={`Decision for ${label}`}>
      <Button size="sm" variant={decision === "keep" ? "default" : "outline"} aria-pressed={decision === "keep"} disabled={pending} onClick={() => decide("keep")}>
        Keep
      </Button>
      <Button size="sm" variant={decision === "remove" ? "destructive" : "outline"} aria-pressed={decision === "remove"} disabled={pending} onClick={() => decide("remove")}>
        Remove
      </Button>
    </div>
  );
}
