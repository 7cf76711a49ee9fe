"use client";

import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import { VerifyIntegrity } from "./verify-integrity";

/**
 * Exports are a form POST carrying the current filters: the route re-checks
 * membership and writes its own audit event, so it must not be reachable by a
 * link from another site.
 */
export function AuditActions({ orgSlug, exportQuery }: { orgSlug: string; exportQuery: string }) {
  const filters = [...new URLSearchParams(exportQuery)];
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
      </div>
      <VerifyIntegrity orgSlug={orgSlug} />
    </div>
  );
}
