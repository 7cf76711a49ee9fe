"use client";

import { useEffect, useRef, useState } from "react";
import { ShieldCheck } from "lucide-react";
import { Button } from "@/components/ui/button";
import { formatUtc } from "@/components/service-accounts/format";
import type { VerificationJobView } from "@/lib/audit/verification-jobs";
import { auditVerificationProgressAction, startAuditVerificationAction } from "../actions";

const n = (value: number) => value.toLocaleString("en");
const POLL_MS = 750;

type State = { job: VerificationJobView; joined: boolean } | { error: string } | null;

function describe(job: VerificationJobView, joined: boolean): string[] {
  const walk = job.from === "start" ? "the whole chain" : "from the newest checkpoint";
  if (job.status === "running") {
    const progress = job.total === null ? "reading the chain" : `checked ${n(job.checked)} of ${n(job.total)} events`;
    return [`Verifying ${walk}: ${progress}…`, ...(joined ? ["Joined the verification already running for this organisation."] : [])];
  }
  if (job.status === "failed" || !job.result) return ["The verification could not finish. Try again."];
  const v = job.result;
  if (!v.ok) return [`Broken at sequence ${v.firstBrokenSeq} (${v.reason?.replace("_", " ")})`, `${n(v.checked)} events verified before it.`];
  const fromCheckpoint = v.startSeq > v.fromSeq;
  const pruned = !fromCheckpoint && v.fromSeq > 1 ? ` (events before #${n(v.fromSeq)} were removed by retention)` : "";
  return [
    `Chain intact: ${n(v.checked)} events verified${fromCheckpoint ? ` after checkpoint #${n(v.startSeq - 1)}` : pruned}`,
    v.anchor
      ? `Anchored through #${n(v.anchor.seq)} by a checkpoint signed ${formatUtc(v.anchor.signedAt)}; ${
          v.unanchored ? `${n(v.unanchored)} newer events await the next checkpoint.` : "every event is anchored."
        }`
      : "No signed checkpoint yet: the server signs one every few minutes.",
    ...(fromCheckpoint ? [`Events through #${n(v.startSeq - 1)} are vouched for by that checkpoint's signature; verify the whole chain to re-check them.`] : []),
  ];
}

/**
 * Starts a verification on the server and polls it: the walk runs in the
 * background, so a long chain neither holds this request open nor stalls
 * the server, and the page shows how far it has got.
 */
export function VerifyIntegrity({ orgSlug }: { orgSlug: string }) {
  const [state, setState] = useState<State>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const running = state !== null && "job" in state && state.job.status === "running";
  const [starting, setStarting] = useState(false);

  function follow(jobId: string, joined: boolean) {
    timer.current = setTimeout(async () => {
      const result = await auditVerificationProgressAction(orgSlug, jobId);
      if (!result.ok) return setState({ error: result.error });
      setState({ job: result.data, joined });
      if (result.data.status === "running") follow(jobId, joined);
    }, POLL_MS);
  }

  async function start(from: "checkpoint" | "start") {
    setStarting(true);
    const result = await startAuditVerificationAction(orgSlug, from);
    setStarting(false);
    if (!result.ok) return setState({ error: result.error });
    setState(result.data);
    if (result.data.job.status === "running") follow(result.data.job.id, result.data.joined);
  }

  const lines = state === null ? [] : "error" in state ? [state.error] : describe(state.job, state.joined);
  const intact = state !== null && "job" in state && state.job.result?.ok === true;
  const busy = starting || running;
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2">
        <Button size="sm" disabled={busy} onClick={() => start("checkpoint")}>
          <ShieldCheck aria-hidden /> {busy ? "Verifying…" : "Verify integrity"}
        </Button>
        <Button size="sm" variant="outline" disabled={busy} onClick={() => start("start")}>
          Verify whole chain
        </Button>
      </div>
      <div role="status" className={`max-w-md text-right text-sm ${intact ? "text-success" : running ? "text-muted-foreground" : "text-destructive"}`}>
        {lines.map((line, i) => (
          <p key={i} className={i ? "text-xs text-muted-foreground" : undefined}>
            {line}
          </p>
        ))}
      </div>
    </div>
  );
}
