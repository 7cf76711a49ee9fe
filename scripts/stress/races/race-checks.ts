import type { Shot } from "../load";
import type { Case } from "../summary";
import { claimsOf, query, type AnyDeployment } from "../world";

export interface RaceTimeline {
  /** When the deactivating CLI process had exited: its transaction committed before. */
  deactivationCliExitedAt: number;
  /** PostgreSQL with track_commit_timestamp: the deactivation's commit time is read from the database. */
  commitTimestamps: boolean;
}

interface EventRow {
  action: string;
  metadata: string | null;
  occurredAt: unknown;
  committedAt?: unknown;
}

const time = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === "number" ? v : new Date(String(v)).getTime());

/**
 * The audit trail against what the clients saw:
 * - every token answered 200 has exactly one token.issued event (by jti),
 *   and no token.issued event lacks its answer;
 * - the refusals answered equal the refusals recorded (aggregated events
 *   count theirs in metadata.count; the server was shut down, so every
 *   window is written);
 * - two rotations and one deactivation are recorded, once each;
 * - no token was issued after the deactivation committed: no issued token's
 *   request time (its event's occurredAt, its iat) is later than the commit.
 */
export async function checkAudit(c: Case, d: AnyDeployment, clientId: string, shots: Shot[], timeline: RaceTimeline) {
  const committed = timeline.commitTimestamps ? `, pg_xact_commit_timestamp(xmin) AS "committedAt"` : "";
  const events = await query<EventRow>(d, `SELECT "action", "metadata", "occurredAt"${committed} FROM "AuditEvent" WHERE "actorId" = $1 OR "targetId" = $1`, [clientId]);
  c.add({ events: events.length });
  const meta = (e: EventRow) => (e.metadata ? (JSON.parse(e.metadata) as Record<string, unknown>) : {});

  const issued = events.filter((e) => e.action === "token.issued");
  const byJti = new Map<string, EventRow[]>();
  for (const e of issued) byJti.set(String(meta(e).jti), [...(byJti.get(String(meta(e).jti)) ?? []), e]);
  const answered = shots.filter((s) => s.status === 200).map((s) => claimsOf((JSON.parse(s.body) as { access_token: string }).access_token));
  const answeredJtis = new Set(answered.map((t) => t.jti));
  const missing = answered.filter((t) => !byJti.has(t.jti)).length;
  const duplicated = [...byJti.values()].filter((list) => list.length > 1).length;
  const unanswered = [...byJti.keys()].filter((jti) => !answeredJtis.has(jti)).length;
  c.expect(missing === 0, `${missing} tokens answered 200 have no token.issued event`);
  c.expect(duplicated === 0, `${duplicated} tokens have more than one token.issued event`);
  c.expect(unanswered === 0, `${unanswered} token.issued events belong to no token a client received`);

  const refusedAnswers = shots.filter((s) => s.status === 401 || s.status === 429).length;
  const refusedRecorded = events.filter((e) => e.action === "token.denied").reduce((n, e) => n + (meta(e).aggregated ? Number(meta(e).count) : 1), 0);
  c.expect(refusedRecorded === refusedAnswers, `${refusedAnswers} token requests were refused but ${refusedRecorded} refusals were recorded`);
  c.note(`audit: ${issued.length} token.issued for ${answered.length} tokens answered; ${refusedRecorded} refusals recorded for ${refusedAnswers} answered`);

  const count = (action: string) => events.filter((e) => e.action === action).length;
  c.expect(count("service_account.secret_rotated") === 2, `${count("service_account.secret_rotated")} rotation events for two rotations`);
  const deactivation = events.filter((e) => e.action === "service_account.deactivated");
  if (!c.expect(deactivation.length === 1, `${deactivation.length} deactivation events for one deactivation`)) return;

  const commit = timeline.commitTimestamps ? time(deactivation[0]!.committedAt) : timeline.deactivationCliExitedAt;
  const how = timeline.commitTimestamps ? "its commit timestamp" : "the exit of the deactivating CLI process (an upper bound)";
  const late = answered.filter((t) => {
    const event = byJti.get(t.jti)?.[0];
    return t.iat * 1000 > commit || (event !== undefined && time(event.occurredAt) > commit);
  });
  c.expect(late.length === 0, `${late.length} tokens were issued to requests made after the deactivation committed (${how})`);
  const before = issued.filter((e) => time(e.occurredAt) <= commit).length;
  const committedAfter = timeline.commitTimestamps ? issued.filter((e) => time(e.committedAt) > commit).length : null;
  c.note(
    `deactivation committed at ${new Date(commit).toISOString()} (${how}); ${before} tokens issued to requests made before it, ${late.length} after` +
      (committedAfter !== null ? `; ${committedAfter} of their events committed after it (requests already past authentication)` : ""),
  );
}
