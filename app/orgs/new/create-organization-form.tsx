"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/forms/field";
import { FormError } from "@/components/forms/form-error";
import { createOrganizationAction } from "./actions";

const slugify = (name: string) =>
  name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);

export function CreateOrganizationForm({ cancelHref }: { cancelHref: string | null }) {
  const [state, action, pending] = useActionState(createOrganizationAction, null);
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4">
      <FormError message={state && !state.ok && !state.fieldErrors ? state.error : null} />
      <Field
        name="name"
        label="Name"
        required
        value={name}
        errors={errors?.name}
        onChange={(e) => {
          setName(e.target.value);
          if (!slugEdited) setSlug(slugify(e.target.value));
        }}
      />
      <Field
        name="slug"
        label="URL slug"
        required
        value={slug}
        errors={errors?.slug}
        hint="Lower-case letters, digits and hyphens; it appears in console URLs."
        onChange={(e) => {
          setSlug(e.target.value);
          setSlugEdited(true);
        }}
      />
      <div className="flex justify-end gap-2">
        {cancelHref ? (
          <Button asChild variant="ghost">
            <Link href={cancelHref}>Cancel</Link>
          </Button>
        ) : null}
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create organisation"}
        </Button>
      </div>
    </form>
  );
}
