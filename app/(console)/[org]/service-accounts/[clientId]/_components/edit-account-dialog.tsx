"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Pencil } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/forms/form-error";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { ServiceAccountFields } from "@/components/service-accounts/service-account-fields";
import { useServiceAccountForm, type ServiceAccountValues } from "@/components/service-accounts/use-service-account-form";
import type { CatalogScope, CreateScopeFn } from "@/components/service-accounts/scope-picker";
import { updateServiceAccountAction } from "../actions";
import { createScopeAction } from "../../../scopes/actions";
import { diffAccount, type AccountChange } from "@/lib/service-accounts/diff-account";
import { ChangeReview } from "@/components/service-accounts/change-review";
import { formatDuration } from "@/components/service-accounts/format";

/** Edit in two steps: change the fields, then review before → after and save. */
export function EditAccountDialog({
  orgSlug,
  clientId,
  account,
  catalog,
  approvalRequired = false,
}: {
  orgSlug: string;
  clientId: string;
  account: ServiceAccountValues;
  catalog: CatalogScope[];
  /** The organisation requires approval: a change granting a high-risk scope waits as a whole. */
  approvalRequired?: boolean;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [review, setReview] = useState<{ changes: AccountChange[]; patch: ReturnType<typeof diffAccount>["patch"]; grantForSeconds?: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useServiceAccountForm(account, catalog, account.scopes);
  const createScope: CreateScopeFn = (input) => createScopeAction(orgSlug, input);

  const toReview = (e: React.FormEvent) => {
    e.preventDefault();
    const values = form.collect();
    if (!values) return;
    const diff = diffAccount(account, values);
    if (diff.changes.length === 0) {
      setError("Nothing has changed.");
      return;
    }
    setError(null);
    setReview({ ...diff, grantForSeconds: values.grantForSeconds });
  };

  const save = () =>
    startTransition(async () => {
      const result = await updateServiceAccountAction(orgSlug, clientId, { ...review!.patch, grantForSeconds: review!.grantForSeconds });
      if (result.ok) {
        setOpen(false);
        const waiting = "changeRequest" in result.data ? result.data.changeRequest : undefined;
        if (waiting) {
          // Nothing changed yet: show the request, which says who can approve it.
          toast.success("Sent for approval: nothing changes until someone else approves it");
          router.push(`/${orgSlug}/requests/${waiting.id}`);
        } else toast.success("Changes saved");
        return;
      }
      // Back to the fields, with the server's messages under them.
      form.setErrors(result.fieldErrors ?? {});
      setError(result.fieldErrors ? "Nothing was saved. Check the highlighted fields." : result.error);
      setReview(null);
    });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          form.reset(account); // always start from what the server has now
          setReview(null);
          setError(null);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <Pencil aria-hidden /> Edit
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{review ? "Review changes" : `Edit ${account.name}`}</DialogTitle>
          <DialogDescription>
            {review
              ? "New tokens use these settings at once; tokens already issued keep the scopes and audiences they were issued with until they expire."
              : "Change what tokens issued to this account carry. You review the changes before they are saved."}
          </DialogDescription>
        </DialogHeader>
        <FormError message={error} />
        {review ? (
          <>
            <ChangeReview changes={review.changes} />
            {review.grantForSeconds ? <p className="text-sm text-muted-foreground">Scopes added here are removed by themselves {formatDuration(review.grantForSeconds)} after they are granted.</p> : null}
            <DialogFooter>
              <Button variant="ghost" onClick={() => setReview(null)} disabled={pending}>
                Back
              </Button>
              <Button onClick={save} disabled={pending}>
                {pending ? "Saving…" : "Save changes"}
              </Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={toReview} noValidate className="space-y-5">
            <ServiceAccountFields
              form={form}
              catalog={catalog}
              onCreateScope={createScope}
              approvalNote={approvalRequired ? "This organisation requires approval: this whole change waits as a change request until someone else approves it." : undefined}
            />
            <DialogFooter>
              <Button type="submit">Review changes</Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
