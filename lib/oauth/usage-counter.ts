import { hotTransaction, insertRows, type HotSql } from "../db-hot";
import { advanceLastUsed, lastUseDue, lastUseKey, lockOrder, noteLastUseMoved, type LastUsedTable } from "../service-accounts/last-used";
import { log } from "../log";
import { compareCodeUnits } from "../code-unit-order";
import { processState } from "../process-state";

/**
 * Successful introspections are counted, not recorded one by one: a resource
 * server may introspect on every request it serves. Counts are kept per
 * (caller, credential) per minute in memory and added to CredentialUsage
 * every few seconds and at shutdown; in the same transaction the lastUsedAt
 * of the introspecting account, its secret and an introspected API key move,
 * each at most once a minute.
 */
export interface IntrospectionUse {
  orgId: string;
  callerClientId: string;
  callerAccountId: string;
  callerSecretId: string;
  credentialType: "access_token" | "api_key" | "inactive";
  /** The token's client id, the API key's id, or "-" for anything inactive. */
  credentialId: string;
}

const FLUSH_MS = 5_000;

const state = processState("introspection-usage", () => ({
  counts: new Map<string, { use: IntrospectionUse; minute: number; count: number }>(),
  toTouch: new Map<string, { table: LastUsedTable; id: string; at: Date }>(),
  timer: undefined as NodeJS.Timeout | undefined,
  flushing: undefined as Promise<void> | undefined,
}));
const { counts, toTouch } = state;

function touch(table: LastUsedTable, id: string, when: Date) {
  const key = lastUseKey({ table, id });
  // Due until a flush has committed a move (then noted): meanwhile the latest use is what the flush writes.
  if (lastUseDue(key, when)) toTouch.set(key, { table, id, at: when });
}

/** One count per (caller, credential, minute). */
const usageKey = (use: IntrospectionUse, minute: number) => JSON.stringify([use.callerClientId, use.credentialType, use.credentialId, minute]);

export function countIntrospection(use: IntrospectionUse, when: Date) {
  const minute = when.getTime() - (when.getTime() % 60_000);
  const key = usageKey(use, minute);
  const entry = counts.get(key);
  if (entry) entry.count++;
  else counts.set(key, { use, minute, count: 1 });
  touch("account", use.callerAccountId, when);
  touch("secret", use.callerSecretId, when);
  if (use.credentialType === "api_key") touch("apiKey", use.credentialId, when);
  state.timer ??= setTimeout(() => void flushIntrospectionUsage(), FLUSH_MS);
  state.timer.unref?.();
}

/** Write what was counted so far; what fails stays counted for the next try. */
export function flushIntrospectionUsage(): Promise<void> {
  if (state.timer) clearTimeout(state.timer);
  state.timer = undefined;
  state.flushing ??= (async () => {
    const batch = [...counts.values()];
    const touches = [...toTouch.values()];
    counts.clear();
    toTouch.clear();
    try {
      if (!batch.length && !touches.length) return;
      await hotTransaction(async (sql) => {
        await addCounts(sql, batch);
        await moveLastUsed(sql, touches);
      });
      for (const t of touches) {
        const key = lastUseKey(t);
        noteLastUseMoved(key, t.at);
        // Uses counted while this flush ran are covered by the move it committed.
        const since = toTouch.get(key);
        if (since && !lastUseDue(key, since.at)) toTouch.delete(key);
      }
    } catch (e) {
      log.warn({ err: e }, "could not record introspection usage; will retry");
      for (const b of batch) {
        const key = usageKey(b.use, b.minute);
        const now = counts.get(key);
        if (now) now.count += b.count;
        else counts.set(key, b);
      }
      for (const t of touches) {
        const key = lastUseKey(t);
        if (!toTouch.has(key)) toTouch.set(key, t);
      }
      state.timer ??= setTimeout(() => void flushIntrospectionUsage(), FLUSH_MS);
      state.timer.unref?.();
    } finally {
      state.flushing = undefined;
    }
  })();
  return state.flushing;
}

/** One multi-row upsert per 500 counts (insertRows): a resource server introspecting many tokens costs a statement, not a statement each. */
async function addCounts(sql: HotSql, counted: { use: IntrospectionUse; minute: number; count: number }[]) {
  // In key order, so two instances adding to the same rows lock them in the same order.
  const keyed = counted.map((c) => ({ c, key: `${c.use.callerClientId}\u0000${c.use.credentialType}\u0000${c.use.credentialId}\u0000${c.minute}` }));
  const batch = keyed.sort((a, b) => compareCodeUnits(a.key, b.key)).map(({ c }) => c);
  await insertRows(
    sql,
    `INSERT INTO "CredentialUsage" ("callerClientId", "credentialType", "credentialId", "minute", "orgId", "count") VALUES`,
    batch.map(({ use, minute, count }) => [use.callerClientId, use.credentialType, use.credentialId, new Date(minute), use.orgId, count]),
    `ON CONFLICT ("callerClientId", "credentialType", "credentialId", "minute") DO UPDATE SET "count" = "CredentialUsage"."count" + excluded."count"`,
  );
}

/** In lock order, like the audit batches that move the same rows (see lockOrder). */
async function moveLastUsed(sql: HotSql, touches: { table: LastUsedTable; id: string; at: Date }[]) {
  for (const t of [...touches].sort(lockOrder)) await advanceLastUsed(sql, t.table, t.id, t.at);
}
