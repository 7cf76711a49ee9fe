"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/forms/form-error";
import { setRequireApprovalAction } from "../actions";

/**
 * Turning approval on applies at once. Turning it off while it is on is a
 * change request of its own: the page then links to it.
 */
export function ApprovalSetting({ orgSlug, on }: { orgSlug: string; on: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [requestId, setRequestId] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const set = (next: boolean) =>
    startTransition(async () => {
      const result = await setRequireApprovalAction(orgSlug, next);
      if (!result.ok) return setError(result.error);
      setError(null);
      setRequestId(result.data.changeRequestId);
      toast.success(result.data.changeRequestId ? "Turning approval off waits for approval" : next ? "Four-eyes approval is on" : "Four-eyes approval is off");
    });
  return (
    <div className="space-y-3">
      <FormError message={error} />
      {requestId ? (
        <p role="status" className="text-sm">
          Someone else must approve turning it off:{" "}
          <Link href={`/${orgSlug}/requests/${requestId}`} className="underline underline-offset-4">
            view the request
          </Link>
          .
        </p>
      ) : null}
      {on ? (
        <Button variant="outline" disabled={pending} onClick={() => set(false)}>
          Turn off four-eyes approval
        </Button>
      ) : (
        <Button disabled={pending} onClick={() => set(true)}>
          Turn on four-eyes approval
        </Button>
      )}
    </div>
  );
}
