"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import type { ScopeView } from "@/lib/scopes/list-scopes";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { FormError } from "@/components/forms/form-error";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { updateScopeAction } from "../actions";

export function EditScopeDialog({ orgSlug, scope }: { orgSlug: string; scope: ScopeView }) {
  const [open, setOpen] = useState(false);
  const [description, setDescription] = useState(scope.description);
  const [highRisk, setHighRisk] = useState(scope.highRisk);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      const result = await updateScopeAction(orgSlug, scope.name, { description, highRisk });
      if (result.ok) {
        toast.success(result.data.changeRequestId ? `Clearing the high-risk flag of ${scope.name} waits for approval (see Requests)` : `${scope.name} updated`);
        setOpen(false);
      } else setError(result.fieldErrors?.description?.[0] ?? result.error);
    });
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          // Start from the current server values each time the dialog opens.
          setDescription(scope.description);
          setHighRisk(scope.highRisk);
          setError(null);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Edit ${scope.name}`}>
          Edit
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit {scope.name}</DialogTitle>
          <DialogDescription>
            {scope.holders > 0
              ? `${scope.holders} service account(s) hold this scope; their tokens are not affected by the description or flag.`
              : "No service account holds this scope yet."}
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="space-y-4">
          <FormError message={error} />
          <div className="space-y-2">
            <Label htmlFor={`edit-${scope.id}-description`}>Description</Label>
            <Textarea id={`edit-${scope.id}-description`} value={description} onChange={(e) => setDescription(e.target.value)} />
          </div>
          <div className="flex items-center gap-2">
            <Checkbox id={`edit-${scope.id}-high-risk`} checked={highRisk} onCheckedChange={(v) => setHighRisk(v === true)} />
            <Label htmlFor={`edit-${scope.id}-high-risk`} className="font-normal">
              High risk
            </Label>
          </div>
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Save"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
