// Benchmark yardstick, not product code: the PostgreSQL store (`pg`, a pool
// of 10 connections, plain parameterised queries).
import pg from "pg";

const SCHEMA = `
CREATE TABLE accounts (client_id TEXT PRIMARY KEY, secret_hmac TEXT NOT NULL, status TEXT NOT NULL,
  scopes TEXT NOT NULL, audiences TEXT NOT NULL, org_id TEXT NOT NULL);
CREATE TABLE api_keys (hash TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES accounts(client_id),
  created_at BIGINT NOT NULL, expires_at BIGINT, revoked_at BIGINT);
CREATE TABLE revoked (jti TEXT PRIMARY KEY, expires_at BIGINT NOT NULL);
CREATE TABLE audit (seq BIGINT PRIMARY KEY, occurred_at TEXT NOT NULL, action TEXT NOT NULL,
  client_id TEXT NOT NULL, jti TEXT, prev_hash TEXT, hash TEXT NOT NULL);
-- One row holding the chain head: locking it serialises writers across instances.
CREATE TABLE audit_head (id INT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT);
INSERT INTO audit_head VALUES (1, 0, NULL);
`;

export function openPgStore(connectionString) {
  const pool = new pg.Pool({ connectionString, max: 10 });
  const one = async (text, values) => (await pool.query({ text, values })).rows[0];

  return {
    async init({ accounts, apiKeys }) {
      await pool.query(SCHEMA);
      for (const a of accounts) {
        await pool.query("INSERT INTO accounts VALUES ($1, $2, 'ACTIVE', $3, $4, $5)", [a.clientId, a.secretHmac, a.scopes, a.audiences, a.orgId]);
      }
      for (const k of apiKeys) await pool.query("INSERT INTO api_keys (hash, client_id, created_at) VALUES ($1, $2, $3)", [k.hash, k.clientId, k.createdAt]);
    },
    findAccount: (clientId) => one("SELECT client_id, secret_hmac, status, scopes, audiences, org_id FROM accounts WHERE client_id = $1", [clientId]),
    tokenState: (clientId, jti) =>
      one("SELECT a.status, a.org_id, EXISTS (SELECT 1 FROM revoked WHERE jti = $1) AS revoked FROM accounts a WHERE a.client_id = $2", [jti, clientId]),
    findApiKey: async (hash) => {
      const row = await one(
        `SELECT k.client_id, k.created_at, k.expires_at, k.revoked_at, a.status, a.scopes, a.audiences, a.org_id
         FROM api_keys k JOIN accounts a ON a.client_id = k.client_id WHERE k.hash = $1`,
        [hash],
      );
      // BIGINT arrives as a string.
      return row && { ...row, created_at: Number(row.created_at), expires_at: row.expires_at && Number(row.expires_at) };
    },
    revoke: (jti, expiresAt) => pool.query("INSERT INTO revoked (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING", [jti, expiresAt]),
    revokeApiKey: (hash, now) => pool.query("UPDATE api_keys SET revoked_at = $1 WHERE hash = $2 AND revoked_at IS NULL", [now, hash]),
    async appendAudit(rows, link) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const head = (await client.query("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE")).rows[0];
        const linked = link(head, rows);
        const values = [];
        const tuples = linked.map((r, i) => {
          values.push(r.seq, r.occurredAt, r.action, r.clientId, r.jti, r.prevHash, r.hash);
          const p = i * 7;
          return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7})`;
        });
        await client.query(`INSERT INTO audit (seq, occurred_at, action, client_id, jti, prev_hash, hash) VALUES ${tuples.join(", ")}`, values);
        const last = linked.at(-1);
        await client.query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", [last.seq, last.hash]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    readAudit: async () =>
      (await pool.query("SELECT seq, occurred_at, action, client_id, jti, prev_hash, hash FROM audit ORDER BY seq")).rows.map((r) => ({ ...r, seq: Number(r.seq) })),
    close: () => pool.end(),
  };
}
