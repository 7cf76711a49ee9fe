"use client";

import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import { VerifyIntegrity } from "./verify-integrity";

/** Export links carry the current filters; the route re-checks membership and writes its own audit event. */
export function AuditActions({ orgSlug, exportQuery }: { orgSlug: string; exportQuery: string }) {
  const href = (format: "csv" | "jsonl") => `/${orgSlug}/audit/export?format=${format}${exportQuery ? `&${exportQuery}` : ""}`;
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        <Button variant="outline" size="sm" asChild>
          <a href={href("csv")} download>
            <Download aria-hidden /> Export CSV
          </a>
        </Button>
        <Button variant="outline" size="sm" asChild>
          <a href={href("jsonl")} download>
            <Download aria-hidden /> Export JSON Lines
          </a>
        </Button>
      </div>
      <VerifyIntegrity orgSlug={orgSlug} />
    </div>
  );
}
