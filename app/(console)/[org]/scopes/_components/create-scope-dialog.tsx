"use client";

import { useState, useTransition } from "react";
import { Plus } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { Field } from "@/components/forms/field";
import { FormError } from "@/components/forms/form-error";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { createScopeAction } from "../actions";

export function CreateScopeDialog({ orgSlug }: { orgSlug: string }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [highRisk, setHighRisk] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [pending, startTransition] = useTransition();

  const reset = () => {
    setName("");
    setDescription("");
    setHighRisk(false);
    setError(null);
    setFieldErrors({});
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      const result = await createScopeAction(orgSlug, { name, description, highRisk });
      if (result.ok) {
        toast.success(`Scope ${result.data.name} created`);
        setOpen(false);
        reset();
      } else {
        setFieldErrors(result.fieldErrors ?? {});
        setError(result.fieldErrors ? null : result.error);
      }
    });
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden /> Create scope
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Create a scope</DialogTitle>
          <DialogDescription>Name it like billing:read or billing.read (no spaces or quotes). The name cannot change later.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <FormError message={error} />
          <Field id="scope-name" name="name" label="Scope name" value={name} onChange={(e) => setName(e.target.value)} errors={fieldErrors.name} autoComplete="off" />
          <div className="space-y-2">
            <Label htmlFor="scope-description">Description (optional)</Label>
            <Textarea id="scope-description" value={description} onChange={(e) => setDescription(e.target.value)} />
            {fieldErrors.description ? <p className="text-sm text-destructive">{fieldErrors.description[0]}</p> : null}
          </div>
          <div className="flex items-center gap-2">
            <Checkbox id="scope-high-risk" checked={highRisk} onCheckedChange={(v) => setHighRisk(v === true)} />
            <Label htmlFor="scope-high-risk" className="font-normal">
              High risk: granting it needs an explicit confirmation
            </Label>
          </div>
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              {pending ? "Creating…" : "Create"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
