"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ClipboardCheck } from "lucide-react";
import { Button } from "@/components/ui/button";
import { startAccessReviewAction } from "../actions";

export function StartReviewButton({ orgSlug }: { orgSlug: string }) {
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <Button
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await startAccessReviewAction(orgSlug);
          if (!result.ok) return void toast.error(result.error);
          router.push(`/${orgSlug}/reviews/${result.data.id}`);
        })
      }
    >
      <ClipboardCheck className="size-4" aria-hidden /> {pending ? "Starting…" : "Start a review"}
    </Button>
  );
}
