import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** A labelled input with its field-level error, wired for screen readers. */
export function Field({
  name,
  label,
  errors,
  hint,
  ...props
}: React.ComponentProps<typeof Input> & { name: string; label: string; errors?: string[]; hint?: string }) {
  const id = props.id ?? `field-${name}`;
  const errorId = `${id}-error`;
  return (
    <div className="space-y-2">
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} name={name} aria-invalid={Boolean(errors?.length)} aria-describedby={errors?.length ? errorId : undefined} {...props} />
      {hint && !errors?.length ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
      {errors?.length ? (
        <p id={errorId} className="text-sm text-destructive">
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
}
