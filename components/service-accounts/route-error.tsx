"use client";

import { Button } from "@/components/ui/button";

/** The error boundary body of a console section; never shows the error's message, only its digest. */
export function RouteError({ error, reset, what }: { error: Error & { digest?: string }; reset: () => void; what: string }) {
  return (
    <div role="alert" className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
      <h1 className="text-xl font-semibold">Could not load {what}</h1>
      <p className="text-sm text-muted-foreground">
        Nothing was changed. Try again; if it keeps failing, give your operator the reference below.
        {error.digest ? <span className="mt-1 block font-mono text-xs">Reference: {error.digest}</span> : null}
      </p>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
