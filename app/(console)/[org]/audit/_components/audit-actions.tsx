"use client";

import { useState, useTransition } from "react";
import { Download, ShieldCheck } from "lucide-react";
import { Button } from "@/components/ui/button";
import { formatUtc } from "@/components/service-accounts/format";
import { verifyAuditChainAction } from "../actions";

type Result = Awaited<ReturnType<typeof verifyAuditChainAction>>;

const n = (value: number) => value.toLocaleString("en");

function describe(result: Result): string[] {
  if (!result.ok) return [result.error];
  const v = result.data;
  if (!v.ok) return [`Broken at sequence ${v.firstBrokenSeq} (${v.reason?.replace("_", " ")})`, `${n(v.checked)} events verified before it.`];
  const pruned = v.fromSeq > 1 ? ` (events before #${n(v.fromSeq)} were removed by retention)` : "";
  return [
    `Chain intact: ${n(v.checked)} events verified${pruned}`,
    v.anchor
      ? `Anchored through #${n(v.anchor.seq)} by a checkpoint signed ${formatUtc(v.anchor.signedAt)}; ${
          v.unanchored ? `${n(v.unanchored)} newer events await the next checkpoint.` : "every event is anchored."
        }`
      : "No signed checkpoint yet: the server signs one every few minutes.",
  ];
}

/**
 * Exports are a form POST carrying the current filters: the route re-checks
 * membership and writes its own audit event, so it must not be reachable by a
 * link from another site.
 */
export function AuditActions({ orgSlug, exportQuery }: { orgSlug: string; exportQuery: string }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<Result | null>(null);
  const filters = [...new URLSearchParams(exportQuery)];
  const intact = result?.ok === true && result.data.ok;
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        <form method="post" action={`/${orgSlug}/audit/export`} className="contents">
          {filters.map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <Button type="submit" name="format" value="csv" variant="outline" size="sm">
            <Download aria-hidden /> Export CSV
          </Button>
          <Button type="submit" name="format" value="jsonl" variant="outline" size="sm">
            <Download aria-hidden /> Export JSON Lines
          </Button>
        </form>
        <Button
          size="sm"
          disabled={pending}
          onClick={() => startTransition(async () => setResult(await verifyAuditChainAction(orgSlug)))}
        >
          <ShieldCheck aria-hidden /> {pending ? "Verifying…" : "Verify integrity"}
        </Button>
      </div>
      <div role="status" className={intact ? "max-w-md text-right text-sm text-success" : "max-w-md text-right text-sm text-destructive"}>
        {result
          ? describe(result).map((line, i) => (
              <p key={i} className={i ? "text-xs text-muted-foreground" : undefined}>
                {line}
              </p>
            ))
          : null}
      </div>
    </div>
  );
}
