"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { Button } from "@/components/ui/button";

/**
 * Rendered inside the console for an unknown client id, another
 * organisation's account, or a page the member's role does not reach.
 * All three look the same on purpose.
 */
export default function ServiceAccountNotFound() {
  const { org } = useParams<{ org: string }>();
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
      <p className="text-sm font-medium text-muted-foreground">404</p>
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-muted-foreground">This service account does not exist in this organisation, or you do not have access to it.</p>
      <Button asChild variant="outline">
        <Link href={`/${org}/service-accounts`}>Back to service accounts</Link>
      </Button>
    </div>
  );
}
