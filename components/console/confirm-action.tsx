"use client";

import { useTransition, type ReactElement, type ReactNode } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/action";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";

/**
 * A control whose Server Action runs only after the person confirms it in a
 * dialog, and whose outcome is told in a toast: the success message, or the
 * action's own error. `trigger` gets whether the action is still running, to
 * disable itself meanwhile.
 */
export function ConfirmAction({
  trigger,
  title,
  description,
  confirmLabel,
  success,
  run,
}: {
  trigger: (pending: boolean) => ReactElement;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  /** The toast on success; a function reads the action's result (e.g. "sent for approval"). */
  success: string | ((data: unknown) => string);
  run: () => Promise<ActionResult<unknown>>;
}) {
  const [pending, startTransition] = useTransition();
  const confirm = () =>
    startTransition(async () => {
      const result = await run();
      if (result.ok) toast.success(typeof success === "function" ? success(result.data) : success);
      else toast.error(result.error);
    });

  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>{trigger(pending)}</AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction onClick={confirm}>{confirmLabel}</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
