"use client";

import { useState, useTransition } from "react";
import { Check, Undo2, X } from "lucide-react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/action";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { FormError } from "@/components/forms/form-error";
import { approveChangeRequestAction, rejectChangeRequestAction, withdrawChangeRequestAction } from "../../actions";

/**
 * What the viewer may do about a pending request: approve or reject it (an
 * approver who did not ask for it), or withdraw it (the requester). The
 * server decides again on every call; these buttons only mirror it.
 */
export function RequestDecision({ orgSlug, id, canDecide, canWithdraw }: { orgSlug: string; id: string; canDecide: boolean; canWithdraw: boolean }) {
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (action: () => Promise<ActionResult<unknown>>, done: string) =>
    startTransition(async () => {
      const result = await action();
      if (result.ok) {
        setError(null);
        toast.success(done);
      } else setError(result.error);
    });

  return (
    <div className="space-y-4">
      <FormError message={error} />
      {canDecide ? (
        <>
          <div className="space-y-2">
            <Label htmlFor="request-comment">Comment for the requester (optional, sent with a rejection)</Label>
            <Textarea id="request-comment" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
          </div>
          <div className="flex flex-wrap gap-2">
            <Button disabled={pending} onClick={() => run(() => approveChangeRequestAction(orgSlug, id), "Approved: the change is applied")}>
              <Check aria-hidden /> Approve and apply
            </Button>
            <Button variant="outline" disabled={pending} onClick={() => run(() => rejectChangeRequestAction(orgSlug, id, { comment }), "Rejected")}>
              <X aria-hidden /> Reject
            </Button>
          </div>
        </>
      ) : null}
      {canWithdraw ? (
        <Button variant="outline" disabled={pending} onClick={() => run(() => withdrawChangeRequestAction(orgSlug, id), "Withdrawn")}>
          <Undo2 aria-hidden /> Withdraw request
        </Button>
      ) : null}
    </div>
  );
}
