import { Alert, AlertDescription } from "@/components/ui/alert";

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <Alert variant="destructive" aria-live="polite">
      <AlertDescription>{message}</AlertDescription>
    </Alert>
  );
}
