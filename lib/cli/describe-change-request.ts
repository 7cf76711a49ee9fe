import type { ChangeRequestView } from "../change-requests/present-change-request";

const duration = (s: number) => (s % 86_400 === 0 ? `${s / 86_400}d` : s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${s}s`);

/** A change request for people: what it changes, who asked, and what happens next. */
export function describeChange(r: ChangeRequestView & { otherApprovers?: number }): string {
  const lines = [
    `${r.id}  ${r.status.toUpperCase()}  ${r.summary}`,
    `requested by ${r.requestedBy.label ?? r.requestedBy.type} (${r.requestedBy.type}) at ${r.requestedAt}; expires ${r.expiresAt}`,
    ...r.changes.map((c) => ("added" in c ? `  ${c.label}: ${[...c.added.map((a) => `+${a}`), ...c.removed.map((x) => `-${x}`)].join(" ")}` : `  ${c.label}: ${c.before} -> ${c.after}`)),
  ];
  if (r.grantForSeconds) lines.push(`  granted for ${duration(r.grantForSeconds)} from approval`);
  if (r.decidedBy) lines.push(`${r.status} by ${r.decidedBy.label ?? r.decidedBy.type} at ${r.decidedAt}${r.comment ? `: ${r.comment}` : ""}`);
  if (r.status === "pending" && r.otherApprovers === 0) lines.push("No one else in the organisation can approve it: invite a second ADMIN or OWNER, or approve it here.");
  return lines.join("\n");
}

/** The line the CLI prints after a change that now waits for approval. */
export const pendingLine = (r: ChangeRequestView, orgSlug: string) =>
  `Waiting for approval: ${r.summary} (request ${r.id}). Someone else approves it in the console, or: tessera requests approve ${r.id} --org ${orgSlug}`;
