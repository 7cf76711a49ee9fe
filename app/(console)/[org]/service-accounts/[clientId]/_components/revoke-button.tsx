"use client";

import type { ActionResult } from "@/lib/action";
import { Button } from "@/components/ui/button";
import { ConfirmAction } from "@/components/console/confirm-action";

/** A revoke control with its confirmation; revoking a credential cannot be undone. */
export function RevokeButton({
  label,
  onRevoke,
  ...dialog
}: {
  label: string;
  title: string;
  description: string;
  confirmLabel: string;
  success: string;
  onRevoke: () => Promise<ActionResult<unknown>>;
}) {
  return (
    <ConfirmAction
      {...dialog}
      run={onRevoke}
      trigger={(pending) => (
        <Button variant="ghost" size="sm" disabled={pending} aria-label={label}>
          Revoke
        </Button>
      )}
    />
  );
}
