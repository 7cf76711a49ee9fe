// Benchmark yardstick, not product code: the SQLite store (better-sqlite3,
// WAL, synchronous=NORMAL, as an embedded production server would run it).
import Database from "better-sqlite3";

const SCHEMA = `
CREATE TABLE accounts (client_id TEXT PRIMARY KEY, secret_hmac TEXT NOT NULL, status TEXT NOT NULL,
  scopes TEXT NOT NULL, audiences TEXT NOT NULL, org_id TEXT NOT NULL);
CREATE TABLE api_keys (hash TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES accounts(client_id),
  created_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER);
CREATE TABLE revoked (jti TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
CREATE TABLE audit (seq INTEGER PRIMARY KEY, occurred_at TEXT NOT NULL, action TEXT NOT NULL,
  client_id TEXT NOT NULL, jti TEXT, prev_hash TEXT, hash TEXT NOT NULL);
`;

export function openSqliteStore(path) {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 10000");
  let q;
  const prepare = () => {
    q = {
      account: db.prepare("SELECT client_id, secret_hmac, status, scopes, audiences, org_id FROM accounts WHERE client_id = ?"),
      tokenState: db.prepare("SELECT a.status, a.org_id, EXISTS (SELECT 1 FROM revoked WHERE jti = ?) AS revoked FROM accounts a WHERE a.client_id = ?"),
      apiKey: db.prepare(
        `SELECT k.client_id, k.created_at, k.expires_at, k.revoked_at, a.status, a.scopes, a.audiences, a.org_id
         FROM api_keys k JOIN accounts a ON a.client_id = k.client_id WHERE k.hash = ?`,
      ),
      revoke: db.prepare("INSERT INTO revoked (jti, expires_at) VALUES (?, ?) ON CONFLICT (jti) DO NOTHING"),
      revokeKey: db.prepare("UPDATE api_keys SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL"),
      head: db.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"),
      audit: db.prepare("INSERT INTO audit (seq, occurred_at, action, client_id, jti, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)"),
    };
  };

  const appendBatch = db.transaction((rows, link) => {
    const linked = link(q.head.get() ?? { seq: 0, hash: null }, rows);
    for (const r of linked) q.audit.run(r.seq, r.occurredAt, r.action, r.clientId, r.jti, r.prevHash, r.hash);
  });

  return {
    async init({ accounts, apiKeys }) {
      db.exec(SCHEMA);
      prepare();
      const insertAccount = db.prepare("INSERT INTO accounts VALUES (?, ?, 'ACTIVE', ?, ?, ?)");
      const insertKey = db.prepare("INSERT INTO api_keys (hash, client_id, created_at) VALUES (?, ?, ?)");
      db.transaction(() => {
        for (const a of accounts) insertAccount.run(a.clientId, a.secretHmac, a.scopes, a.audiences, a.orgId);
        for (const k of apiKeys) insertKey.run(k.hash, k.clientId, k.createdAt);
      })();
    },
    findAccount: (clientId) => q.account.get(clientId),
    tokenState: (clientId, jti) => q.tokenState.get(jti, clientId),
    findApiKey: (hash) => q.apiKey.get(hash),
    revoke: (jti, expiresAt) => q.revoke.run(jti, expiresAt),
    revokeApiKey: (hash, now) => q.revokeKey.run(now, hash),
    appendAudit: (rows, link) => appendBatch(rows, link),
    readAudit: () => db.prepare("SELECT seq, occurred_at, action, client_id, jti, prev_hash, hash FROM audit ORDER BY seq").all(),
    close: () => db.close(),
  };
}
