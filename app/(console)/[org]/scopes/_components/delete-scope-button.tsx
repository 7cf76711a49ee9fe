"use client";

import type { ScopeView } from "@/lib/scopes/list-scopes";
import { Button } from "@/components/ui/button";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { ConfirmAction } from "@/components/console/confirm-action";
import { deleteScopeAction } from "../actions";

/**
 * Deleting is offered only for an unheld, non-reserved scope; otherwise the
 * button stays focusable (aria-disabled) so its tooltip can say why. The
 * server refuses either way.
 */
export function DeleteScopeButton({ orgSlug, scope }: { orgSlug: string; scope: ScopeView }) {
  const reason = scope.reserved
    ? "Reserved tessera:* scopes cannot be deleted"
    : scope.holders > 0
      ? `${scope.holders} service account${scope.holders === 1 ? " holds" : "s hold"} this scope; remove it from them first`
      : null;

  if (reason) {
    return (
      <Tooltip>
        <TooltipTrigger asChild>
          <Button variant="ghost" size="sm" aria-disabled="true" aria-label={`Delete ${scope.name}`} aria-description={reason} className="opacity-50" onClick={(e) => e.preventDefault()}>
            Delete
          </Button>
        </TooltipTrigger>
        <TooltipContent>{reason}</TooltipContent>
      </Tooltip>
    );
  }

  return (
    <ConfirmAction
      trigger={(pending) => (
        <Button variant="ghost" size="sm" disabled={pending} aria-label={`Delete ${scope.name}`}>
          Delete
        </Button>
      )}
      title={`Delete ${scope.name}?`}
      description="No service account holds it. It disappears from the catalog; the audit trail keeps its history."
      confirmLabel="Delete scope"
      success={`${scope.name} deleted`}
      run={() => deleteScopeAction(orgSlug, scope.name)}
    />
  );
}
