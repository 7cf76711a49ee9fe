import pg from "pg";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * PostgreSQL tests of row-lock races: another connection (another process,
 * another instance) that takes locks in a transaction of its own, and can
 * wait until the requests under test are queued behind them. Waiting for
 * that, instead of sleeping, makes each race the one the test names, however
 * loaded the machine.
 */
export async function rowLockHolder() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  /** Resolves once `count` other sessions wait for a lock this one holds (bounded: a precondition, not a timing check). */
  const blocking = async (count: number) => {
    for (let i = 0; i < 300; i++) {
      // Inside the holder's transaction pg_stat_activity is a snapshot taken once: drop it each time.
      await client.query("SELECT pg_stat_clear_snapshot()");
      const { rows } = await client.query<{ pid: number; by: number[] }>("SELECT pid, pg_blocking_pids(pid) AS by FROM pg_stat_activity WHERE datname = current_database()");
      // Directly, or behind another waiter (the second in line waits for the first's tuple lock).
      const waiting = new Set([pid]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const r of rows) if (!waiting.has(r.pid) && r.by.some((b) => waiting.has(b))) grew = Boolean(waiting.add(r.pid));
      }
      if (waiting.size - 1 >= count) return;
      await sleep(50);
    }
    throw new Error(`${count} session(s) never waited for the row lock`);
  };
  return { client, blocking };
}

/**
 * Run `calls` while another session holds the service account's row (FOR
 * UPDATE): they start, queue behind that lock, and the holder lets go once all
 * of them wait (`beforeRelease` runs just before). Resolves to their settled
 * outcomes, in order.
 */
export async function raceBehindAccountRow(
  clientId: string,
  calls: () => Promise<unknown>[],
  options: { beforeRelease?: () => void } = {},
): Promise<PromiseSettledResult<unknown>[]> {
  const holder = await rowLockHolder();
  try {
    await holder.client.query("BEGIN");
    await holder.client.query(`SELECT 1 FROM "ServiceAccount" WHERE "clientId" = $1 FOR UPDATE`, [clientId]);
    const started = calls();
    const all = Promise.allSettled(started);
    await holder.blocking(started.length);
    options.beforeRelease?.();
    await holder.client.query("ROLLBACK");
    return await all;
  } finally {
    await holder.client.end();
  }
}
