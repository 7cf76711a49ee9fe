// `npm run bench:audit-scale`: issue 5's acceptance at scale. One organisation
// with 1,000,000 audit events (BENCH_EVENTS) on a valid hash chain over ~90
// days; times listAuditEvents (first page, a page 900,000 rows deep, filtered
// pages), the real console pages through the production server, and the
// JSON Lines export from the CLI and from the console route, with peak RSS.
//
// SQLite under .tmp/bench-audit-scale/ by default; BENCH_DATABASE_URL points
// at an empty PostgreSQL database instead. Uses the production build (the
// console is measured as served in production; a missing or stale build is
// rebuilt first). Exits 1 when any check fails.
//
//   BENCH_EVENTS=1000000 BENCH_RUNS=5 BENCH_PORT=3300 BENCH_VERIFY=1 BENCH_KEEP=0
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { migrateDatabase } from "../../prisma/tools/migrate";

const ROOT = process.cwd();
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const DEEP = Math.min(900_000, Math.floor(EVENTS * 0.9));
const BATCH = 5_000;
const DAYS = 90;
const DIR = join(ROOT, ".tmp", "bench-audit-scale");
const stamp = Date.now();
const sqliteFile = join(DIR, `audit-scale-${stamp}.db`);
const exportFile = join(DIR, `export-${stamp}.jsonl`);
const SECRET = "bench-secret-bench-secret-bench-secret-0123456789";
const SLUG = "scale";
const OWNER = { email: "owner@scale.example", password: "owner-password-0123456789" };
const REVIEWER = { email: "reviewer@scale.example", password: "reviewer-password-0123456789", name: "Rita Reviewer" };

process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? `file:${sqliteFile}`;
process.env.TESSERA_SECRET = SECRET;
process.env.AUTH_URL = `http://localhost:${PORT}`;
const DATABASE_URL = process.env.DATABASE_URL;
const sqlite = DATABASE_URL.startsWith("file:");
mkdirSync(DIR, { recursive: true });

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) failures.push(what);
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
};
const ms = (t0: number) => performance.now() - t0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => n.toLocaleString("en-US");
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
console.log(`audit-scale: ${fmt(EVENTS)} events, ${sqlite ? "SQLite" : "PostgreSQL"}, ${RUNS} runs per measurement, load ${load()}`);

// The console is served from .next: a build older than lib/ would measure old code.
const steps = (await import(pathToFileURL(join(ROOT, "scripts", "lib", "steps.mjs")).href)) as { buildIsCurrent: () => boolean; buildApp: () => void };
if (!steps.buildIsCurrent()) {
  console.log("production build missing or older than the sources: building (npm run build)…");
  steps.buildApp();
}

// ---------- 1. a fresh database, an organisation, a reviewer, service accounts ----------
await migrateDatabase(DATABASE_URL);
const { db, transaction } = await import("../../lib/db");
const { setupInstance } = await import("../../lib/setup/setup-instance");
const { addMember } = await import("../../lib/members/add-member");
const { signUpWithInvitation } = await import("../../lib/members/sign-up-with-invitation");
const { createServiceAccount } = await import("../../lib/service-accounts/create-service-account");
const { recordAuditEvents, otherTargetId } = await import("../../lib/audit/record-audit-event");
const { listAuditEvents } = await import("../../lib/audit/list-audit-events");
const { verifyAuditChain } = await import("../../lib/audit/verify-audit-chain");
const { cliActor, auditEventInputSchema } = await import("../../lib/audit/types");
const { auditEventHash, canonicalJson } = await import("../../lib/audit/hash");
type HashedAuditFields = import("../../lib/audit/hash").HashedAuditFields;
type Tx = import("../../lib/db").Tx;
type AuditEventInput = import("../../lib/audit/types").AuditEventInput;
type Actor = import("../../lib/audit/types").Actor;

const now = Date.now();
const start = now - DAYS * 86_400_000;
const end = now - 10 * 60_000;
const { org, user: owner } = await setupInstance(cliActor(), { ...OWNER, orgSlug: SLUG, orgName: "Scale test" });
const invited = await addMember(cliActor(), SLUG, { email: REVIEWER.email, role: "REVIEWER" });
if (invited.status !== "invited") throw new Error("expected an invitation for the reviewer");
await signUpWithInvitation(invited.invitationUrl.split("/").at(-1)!, REVIEWER);
const admin: Actor = { type: "user", id: owner.id, label: owner.email, clientIp: "10.0.0.5", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/139.0" };
const accounts: { clientId: string; name: string; secretId: string }[] = [];
for (let i = 0; i < 50; i++) {
  const name = `svc-${["billing", "reports", "ingest", "search", "mailer"][i % 5]}-${String(i).padStart(2, "0")}`;
  const a = await createServiceAccount(cliActor(), SLUG, { name, audiences: [`https://api${i % 7}.example.com`] }, new Date(start - 86_400_000 + i * 60_000));
  accounts.push({ clientId: a.clientId, name: a.name, secretId: a.secretId });
}

// ---------- seeding: recordAuditEvents in batches, times ascending over 90 days ----------
let seed = 0x5eed;
const rand = () => {
  // mulberry32: the same trail on every run
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join("");
// Zipf-like popularity: a few clients call a lot, most a little.
const weights = accounts.map((_, i) => 1 / (i + 1) ** 0.8);
const weightSum = weights.reduce((s, w) => s + w, 0);
let running = 0;
const cumulative = weights.map((w) => (running += w) / weightSum);
const pickAccount = () => {
  const r = rand();
  return accounts[cumulative.findIndex((c) => r < c)] ?? accounts.at(-1)!;
};
const agents = ["python-requests/2.32.3", "Go-http-client/2.0", "node-fetch/3.3.2", "curl/8.7.1", "okhttp/4.12.0"];

function eventAt(occurredAt: Date): AuditEventInput {
  const a = pickAccount();
  const sa = { type: "service_account" as const, id: a.clientId, label: a.name };
  const ctx = { clientIp: `10.${Math.floor(rand() * 4)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`, userAgent: agents[Math.floor(rand() * agents.length)], requestId: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}` };
  const base = { orgId: org.id, occurredAt };
  const r = rand();
  if (r < 0.88) {
    const exp = new Date(occurredAt.getTime() + 3_600_000).toISOString();
    return { ...base, action: "token.issued", actor: { ...sa, ...ctx }, target: sa, metadata: { jti: hex(32), kid: "k1-2025", scopes: ["data:read"], audiences: [`https://api${accounts.indexOf(a) % 7}.example.com`], secretId: a.secretId, authMethod: "client_secret_basic", expiresAt: exp } };
  }
  if (r < 0.93) {
    const reason = ["invalid_secret", "invalid_scope", "account_disabled", "unknown_client"][Math.floor(rand() * 4)]!;
    const who = reason === "unknown_client" ? { type: "service_account" as const, id: `sa_unknown${hex(6)}`, label: null } : sa;
    return { ...base, action: "token.denied", outcome: "failure", reason, actor: { ...who, ...ctx }, target: who, metadata: { error: reason === "invalid_scope" ? "invalid_scope" : "invalid_client" } };
  }
  if (r < 0.96) return { ...base, action: "token.introspected", actor: { type: "api_key", id: "ak_gateway01", label: "gateway", ...ctx }, target: sa, metadata: { active: rand() < 0.97 } };
  if (r < 0.975) return { ...base, action: "token.revoked", actor: { ...sa, ...ctx }, target: sa, metadata: { jti: hex(32) } };
  if (r < 0.985) return { ...base, action: "service_account.updated", actor: admin, target: sa, metadata: { before: { tokenTtlSeconds: 3600 }, after: { tokenTtlSeconds: 1800 } } };
  if (r < 0.99) return { ...base, action: "service_account.secret_rotated", actor: admin, target: sa, metadata: { secretId: hex(24), graceSeconds: 86_400 } };
  if (r < 0.994) return { ...base, action: rand() < 0.5 ? "service_account.deactivated" : "service_account.activated", actor: admin, target: sa };
  if (r < 0.997) return { ...base, action: rand() < 0.5 ? "scope.created" : "scope.updated", actor: admin, target: { type: "scope", id: hex(24), label: `data${hex(2)}:read` } };
  if (r < 0.999) return { ...base, action: rand() < 0.5 ? "member.invited" : "member.role_changed", actor: admin, target: { type: "user", id: hex(24), label: `person${hex(3)}@scale.example` }, metadata: { after: { role: "REVIEWER" } } };
  return { ...base, action: "audit.exported", actor: admin, target: { type: "organization", id: org.id, label: SLUG }, metadata: { format: "csv", filters: {} } };
}


// recordAuditEvents costs ~1.2 ms per event on SQLite here (Prisma's createMany
// is the bulk of it: ~0.9 ms per row), i.e. ~20 min for 1M. The seeder below
// builds exactly the rows record-audit-event.ts would (same field mapping as
// prepare(), same seq/prevHash/hash linking as link(), head row moved first as
// reserve() does) and inserts them with multi-row INSERTs: ~0.06 ms per row.
// verifyAuditChain below proves the chain it leaves. BENCH_SEED=record seeds
// through recordAuditEvents instead.
const COLUMNS = ["id", "chainKey", "orgId", "seq", "occurredAt", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId", "targetLabel", "otherTargetId", "outcome", "reason", "clientIp", "userAgent", "requestId", "metadata", "prevHash", "hash"] as const;
const ROWS_PER_INSERT = 1_000; // 21,000 parameters: under SQLite's 32,766
let idCounter = 0;
const idFingerprint = (process.pid % 1_679_616).toString(36).padStart(4, "0");
/** A cuid (v1) shaped id, as Prisma's @default(cuid()) would make it: time, counter, fingerprint, random. */
const cuid = () =>
  `c${Date.now().toString(36)}${(idCounter++ % 1_679_616).toString(36).padStart(4, "0")}${idFingerprint}${Math.floor(Math.random() * 2_821_109_907_456).toString(36).padStart(8, "0")}`;
const sqlTime = (d: Date) => (sqlite ? d.toISOString().replace("Z", "+00:00") : d.toISOString());

async function appendDirect(tx: Tx, inputs: AuditEventInput[]) {
  const chainKey = org.id;
  await tx.$executeRaw`INSERT INTO "AuditChain" ("key", "lastSeq") VALUES (${chainKey}, 0) ON CONFLICT ("key") DO NOTHING`;
  const head = await tx.auditChain.update({ where: { key: chainKey }, data: { lastSeq: { increment: inputs.length } } });
  let seq = head.lastSeq - inputs.length + 1;
  let prevHash = head.lastHash;
  const rows = inputs.map((input) => {
    const event = auditEventInputSchema.parse(input);
    const { actor } = input;
    const fields: HashedAuditFields = {
      chainKey: event.orgId ?? "instance", orgId: event.orgId, occurredAt: input.occurredAt ?? new Date(),
      actorType: actor.type, actorId: actor.id, actorLabel: actor.label, action: event.action,
      targetType: event.target?.type ?? null, targetId: event.target?.id ?? null, targetLabel: event.target?.label ?? null,
      outcome: event.outcome, reason: event.reason ?? null, clientIp: actor.clientIp ?? null,
      userAgent: actor.userAgent?.slice(0, 512) ?? null, requestId: actor.requestId ?? null,
      metadata: event.metadata ? canonicalJson(event.metadata) : null, seq: seq++, prevHash,
    };
    if (fields.chainKey !== chainKey) throw new Error("one chain only");
    const hash = auditEventHash(fields);
    prevHash = hash;
    return { ...fields, otherTargetId: otherTargetId(fields), id: cuid(), hash };
  });
  await tx.auditChain.update({ where: { key: chainKey }, data: { lastHash: prevHash } });
  const columns = COLUMNS.map((c) => `"${c}"`).join(", ");
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    const params = chunk.flatMap((r) => COLUMNS.map((c) => (c === "occurredAt" ? sqlTime(r.occurredAt) : r[c])));
    const values = chunk
      .map((_, j) => `(${COLUMNS.map((c, k) => (sqlite ? "?" : `$${j * COLUMNS.length + k + 1}${c === "occurredAt" ? "::timestamp(3)" : ""}`)).join(", ")})`)
      .join(", ");
    await tx.$executeRawUnsafe(`INSERT INTO "AuditEvent" (${columns}) VALUES ${values}`, ...params);
  }
}

const before = await db().auditEvent.count({ where: { orgId: org.id } });
const toSeed = EVENTS - before;
const seedVia = process.env.BENCH_SEED === "record" ? "recordAuditEvents" : "direct insert";
let t0 = performance.now();
const step = (end - start) / toSeed;
for (let done = 0; done < toSeed; done += BATCH) {
  const n = Math.min(BATCH, toSeed - done);
  // Strictly ascending times (jitter below one step), so seq order is time order.
  const inputs = Array.from({ length: n }, (_, i) => eventAt(new Date(Math.floor(start + (done + i + rand() * 0.9) * step))));
  await transaction(async (tx) => void (seedVia === "direct insert" ? await appendDirect(tx, inputs) : await recordAuditEvents(tx, inputs)));
  if ((done / BATCH) % 40 === 39) console.log(`  seeded ${fmt(done + n)} / ${fmt(toSeed)} (${(ms(t0) / 1000).toFixed(0)} s)`);
}
const seedSeconds = ms(t0) / 1000;
const total = await db().auditEvent.count({ where: { orgId: org.id } });
console.log(`seeded ${fmt(toSeed)} events (+${before} from setup) in ${seedSeconds.toFixed(1)} s (${fmt(Math.round(toSeed / seedSeconds))}/s, ${seedVia})`);
check(total === EVENTS, `organisation holds ${fmt(total)} events (want ${fmt(EVENTS)})`);
const dbBytes = sqlite ? statSync(sqliteFile).size + (existsSync(`${sqliteFile}-wal`) ? statSync(`${sqliteFile}-wal`).size : 0) : null;

let verifySeconds: number | null = null;
if (process.env.BENCH_VERIFY !== "0") {
  t0 = performance.now();
  const v = await verifyAuditChain(cliActor(), SLUG);
  verifySeconds = ms(t0) / 1000;
  check(v.ok && v.checked === EVENTS, `verifyAuditChain: ok=${v.ok}, checked ${fmt(v.checked)} in ${verifySeconds.toFixed(1)} s`);
}

// ---------- 2. query times through listAuditEvents ----------
const cursorOf = (row: { occurredAt: Date; id: string }) => Buffer.from(JSON.stringify({ t: row.occurredAt.toISOString(), id: row.id })).toString("base64url");
/** The row just before `depth` (0-based) in keyset order, as a cursor, and the row the page must start with. */
async function deepCursor(where: object, depth: number) {
  const rows = await db().auditEvent.findMany({ where, orderBy: [{ occurredAt: "desc" }, { id: "desc" }], skip: depth - 1, take: 2, select: { id: true, occurredAt: true, seq: true, action: true } });
  if (rows.length < 2) throw new Error(`fewer than ${depth + 1} rows for ${JSON.stringify(where)}`);
  return { cursor: cursorOf(rows[0]!), first: rows[1]! };
}
// A mid-popularity client, so the filtered page is neither trivial nor the bulk.
const filterClient = accounts[10]!.clientId;
const deniedWhere = { orgId: org.id, action: "token.denied", OR: [{ actorId: filterClient }, { targetId: filterClient }] };
t0 = performance.now();
const deep = await deepCursor({ orgId: org.id }, DEEP);
const deepCursorMs = ms(t0);
const deniedCount = await db().auditEvent.count({ where: deniedWhere });
// The worst case for the clientId filter: a client id seen once (an unknown client's denied request).
const rareClient = (await db().auditEvent.findFirst({ where: { orgId: org.id, actorId: { startsWith: "sa_unknown" } }, orderBy: { seq: "asc" } }))!.actorId!;
const rareCount = await db().auditEvent.count({ where: { orgId: org.id, OR: [{ actorId: rareClient }, { targetId: rareClient }] } });
const filteredDepth = Math.max(1, Math.floor(deniedCount * 0.9));
const filteredDeep = await deepCursor(deniedWhere, filteredDepth);
console.log(`deep cursor (OFFSET ${fmt(DEEP - 1)}) found in ${deepCursorMs.toFixed(0)} ms; client ${filterClient} has ${fmt(deniedCount)} token.denied events`);

interface QueryCase { name: string; query: Parameters<typeof listAuditEvents>[2]; expectFirst?: { id: string }; expectRows?: number; url: string }
const enc = encodeURIComponent;
const cases: QueryCase[] = [
  { name: "first page", query: {}, url: `/${SLUG}/audit` },
  { name: `page ${fmt(DEEP)} rows deep`, query: { cursor: deep.cursor }, expectFirst: deep.first, url: `/${SLUG}/audit?cursor=${enc(deep.cursor)}` },
  { name: "filter action+clientId", query: { action: "token.denied", clientId: filterClient }, expectRows: Math.min(50, deniedCount), url: `/${SLUG}/audit?action=token.denied&clientId=${enc(filterClient)}` },
  { name: "filter action+clientId, 90% deep", query: { action: "token.denied", clientId: filterClient, cursor: filteredDeep.cursor }, expectFirst: filteredDeep.first, expectRows: Math.min(50, deniedCount - filteredDepth), url: `/${SLUG}/audit?action=token.denied&clientId=${enc(filterClient)}&cursor=${enc(filteredDeep.cursor)}` },
  { name: "filter clientId only", query: { clientId: filterClient }, url: `/${SLUG}/audit?clientId=${enc(filterClient)}` },
  { name: `filter clientId seen ${rareCount}x`, query: { clientId: rareClient }, expectRows: Math.min(50, rareCount), url: `/${SLUG}/audit?clientId=${enc(rareClient)}` },
];
const queryMs = new Map<string, number>();
const firstRows = new Map<string, { id: string; seq: number; action: string }>();
for (const c of cases) {
  const times: number[] = [];
  let page = await listAuditEvents(cliActor(), SLUG, c.query); // warm-up
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    page = await listAuditEvents(cliActor(), SLUG, c.query);
    times.push(ms(t));
  }
  queryMs.set(c.name, median(times));
  const first = page.events[0];
  check(page.events.length === (c.expectRows ?? 50) && Boolean(first), `${c.name}: ${page.events.length} rows, median ${median(times).toFixed(1)} ms (runs ${times.map((x) => x.toFixed(0)).join(", ")})`);
  if (c.expectFirst) check(first?.id === c.expectFirst.id, `${c.name}: keyset page starts at the OFFSET row (seq ${first?.seq})`);
  if (first) firstRows.set(c.name, first);
}

// ---------- 3. the console pages through the production server ----------
const children: ChildProcess[] = [];
const stopChildren = () => children.forEach((c) => c.exitCode === null && c.kill("SIGTERM"));
process.on("exit", stopChildren);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));
const childEnv: NodeJS.ProcessEnv = {
  ...process.env, DATABASE_URL, TESSERA_SECRET: SECRET, AUTH_URL: `http://localhost:${PORT}`, NODE_ENV: "production" as const, PORT: String(PORT),
  HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1", TESSERA_SKIP_DOTENV: "1", TESSERA_ADMIN_EMAIL: "", TESSERA_ADMIN_PASSWORD: "",
  AUTH_OIDC_ISSUER: "", AUTH_OIDC_CLIENT_ID: "", AUTH_OIDC_CLIENT_SECRET: "",
};
const base = `http://127.0.0.1:${PORT}`;
const responseMs = new Map<string, number>();
const procStatus = (pid: number) => {
  const s = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, "m").exec(s)?.[1] ?? NaN);
  return { rssMiB: kb("VmRSS") / 1024, hwmMiB: kb("VmHWM") / 1024 };
};
let serverExport: { ms: number; lines: number; bytes: number; before: ReturnType<typeof procStatus>; after: ReturnType<typeof procStatus>; sampledPeakMiB: number } | null = null;

{
  // node itself, not a shell: its pid is the one whose /proc/<pid>/status we read.
  const server = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "server.ts")], { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  children.push(server);
  let serverLog = "";
  server.stdout!.on("data", (d: Buffer) => (serverLog += d.toString()));
  server.stderr!.on("data", (d: Buffer) => (serverLog += d.toString()));
  const ready = performance.now();
  while (!serverLog.includes("Tessera ready")) {
    if (server.exitCode !== null || ms(ready) > 60_000) throw new Error(`server did not start:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`server pid ${server.pid} ready in ${(ms(ready) / 1000).toFixed(1)} s`);

  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      const [name, value] = [pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim()];
      if (value && !/max-age=0/i.test(c)) jar.set(name, value);
      else jar.delete(name);
    }
    return res;
  };
  const get = async (path: string) => keep(await fetch(`${base}${path}`, { headers: { cookie: cookie() }, redirect: "manual" }));

  const { csrfToken } = (await (await get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signIn = keep(
    await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
      body: new URLSearchParams({ csrfToken, email: REVIEWER.email, password: REVIEWER.password, callbackUrl: `http://localhost:${PORT}/${SLUG}` }),
    }),
  );
  check(jar.has("tessera.session"), `reviewer signed in over HTTP (status ${signIn.status})`);

  for (const c of cases) {
    const first = firstRows.get(c.name);
    const marker = first ? `Open event ${first.action} #${first.seq}` : "(no row)";
    let res = await get(c.url); // warm-up
    let html = await res.text();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      res = await get(c.url);
      html = await res.text();
      times.push(ms(t));
    }
    responseMs.set(c.name, median(times));
    check(res.status === 200 && html.includes(marker), `GET ${c.name}: ${res.status}, ${fmt(html.length)} bytes, "${marker}" ${html.includes(marker) ? "present" : "MISSING"}, median ${median(times).toFixed(0)} ms`);
  }

  // ---------- 4b. the console export route, streamed and counted ----------
  const pid = server.pid!;
  const statusBefore = procStatus(pid);
  let sampledPeakMiB = statusBefore.rssMiB;
  const sampler = setInterval(() => (sampledPeakMiB = Math.max(sampledPeakMiB, procStatus(pid).rssMiB)), 200);
  t0 = performance.now();
  // The export is a same-origin form POST (a GET would let other sites trigger audited exports).
  const res = keep(
    await fetch(`${base}/${SLUG}/audit/export`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), origin: process.env.AUTH_URL! },
      body: new URLSearchParams({ format: "jsonl" }),
      redirect: "manual",
    }),
  );
  let lines = 0;
  let bytes = 0;
  const timeline: string[] = [];
  let nextMark = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) lines++;
    if (lines >= nextMark) {
      timeline.push(`${fmt(lines)}: ${procStatus(pid).rssMiB.toFixed(0)}`);
      nextMark += Math.ceil(EVENTS / 5);
    }
  }
  console.log(`  server VmRSS (MiB) by lines streamed: ${timeline.join(", ")}`);
  const exportMs = ms(t0);
  clearInterval(sampler);
  const statusAfter = procStatus(pid);
  serverExport = { ms: exportMs, lines, bytes, before: statusBefore, after: statusAfter, sampledPeakMiB };
  const head = await db().auditChain.findUnique({ where: { key: org.id } });
  check(res.status === 200 && lines === head?.lastSeq, `console export: ${res.status}, ${fmt(lines)} lines (chain holds ${fmt(head?.lastSeq ?? 0)} incl. the export's own event), ${(bytes / 2 ** 20).toFixed(0)} MiB in ${(exportMs / 1000).toFixed(1)} s`);
  stopChildren();
}

// ---------- 4a. the CLI export ----------
const useTime = existsSync("/usr/bin/time");
const cliArgs = [join(ROOT, "bin", "tessera.mjs"), "audit", "export", "--org", SLUG, "--format", "jsonl", "--output", exportFile];
t0 = performance.now();
const cli = useTime
  ? spawnSync("/usr/bin/time", ["-v", process.execPath, ...cliArgs], { cwd: ROOT, env: childEnv, encoding: "utf8" })
  : spawnSync(process.execPath, cliArgs, {
      cwd: ROOT, encoding: "utf8",
      env: { ...childEnv, NODE_OPTIONS: `--import "data:text/javascript,process.on('exit',()=>process.stderr.write('Maximum resident set size (kbytes): '+process.resourceUsage().maxRSS+'\\n'))"` },
    });
const cliMs = ms(t0);
const cliPeakMiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(cli.stderr)?.[1] ?? NaN) / 1024;
check(cli.status === 0, `tessera audit export exited ${cli.status} in ${(cliMs / 1000).toFixed(1)} s, peak RSS ${cliPeakMiB.toFixed(0)} MiB${cli.status ? `\n${cli.stderr}` : ""}`);
const cliHead = await db().auditChain.findUnique({ where: { key: org.id } });
let cliLines = 0;
let contiguous = true;
let lastAction = "";
for await (const line of createInterface({ input: createReadStream(exportFile), crlfDelay: Infinity })) {
  const e = JSON.parse(line) as { seq: number; action: string };
  cliLines++;
  if (e.seq !== cliLines) contiguous = false;
  lastAction = e.action;
}
const exportBytes = statSync(exportFile).size;
check(cliLines === cliHead?.lastSeq && contiguous && lastAction === "audit.exported", `CLI export: ${fmt(cliLines)} JSON lines, seq 1..${fmt(cliLines)} contiguous=${contiguous}, last is its own ${lastAction}`);
rmSync(exportFile, { force: true });

// Bounded memory, not just a low peak: the same export with V8's old space
// capped at 64 MiB must still finish, and the CLI's fixed cost for one page.
const peakOf = (args: string[], nodeOptions = "") => {
  const r = spawnSync("/usr/bin/time", ["-v", process.execPath, ...args], { cwd: ROOT, env: { ...childEnv, NODE_OPTIONS: nodeOptions }, encoding: "utf8" });
  return { status: r.status, peakMiB: Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024, stderr: r.stderr };
};
let cappedMs = NaN;
let capped: ReturnType<typeof peakOf> | null = null;
let baseline: ReturnType<typeof peakOf> | null = null;
if (useTime && process.env.BENCH_HEAP_CHECK !== "0") {
  baseline = peakOf([join(ROOT, "bin", "tessera.mjs"), "audit", "list", "--org", SLUG, "--limit", "1"]);
  t0 = performance.now();
  capped = peakOf(cliArgs, "--max-old-space-size=64");
  cappedMs = ms(t0);
  const cappedLines = Number(spawnSync("wc", ["-l", exportFile], { encoding: "utf8" }).stdout.trim().split(/\s+/)[0]);
  check(capped.status === 0 && cappedLines === cliLines + 1, `CLI export with --max-old-space-size=64: exit ${capped.status}, ${fmt(cappedLines)} lines, peak RSS ${capped.peakMiB.toFixed(0)} MiB in ${(cappedMs / 1000).toFixed(1)} s (CLI listing one row: ${baseline.peakMiB.toFixed(0)} MiB)`);
}

// ---------- 5. summary ----------
const loadEnd = load();
const row = (k: string, v: string) => console.log(`| ${k.padEnd(44)} | ${v.padStart(26)} |`);
const rule = () => console.log(`|${"-".repeat(46)}|${"-".repeat(28)}|`);
console.log(`\nSummary (${sqlite ? "SQLite" : "PostgreSQL"}, ${RUNS} runs, medians after one warm-up; load at end ${loadEnd})`);
rule();
row("events in the organisation (seeded)", fmt(EVENTS));
row("seeding time", `${seedSeconds.toFixed(1)} s`);
if (dbBytes !== null) row("database size", `${(dbBytes / 2 ** 20).toFixed(0)} MiB`);
if (verifySeconds !== null) row("verifyAuditChain", `${verifySeconds.toFixed(1)} s`);
row("OFFSET query to find the deep cursor (once)", `${deepCursorMs.toFixed(0)} ms`);
rule();
for (const c of cases) row(`query: ${c.name}`, `${queryMs.get(c.name)?.toFixed(1) ?? "-"} ms`);
rule();
for (const c of cases) row(`GET page: ${c.name}`, `${responseMs.get(c.name)?.toFixed(0) ?? "-"} ms`);
rule();
row("CLI export jsonl: lines", fmt(cliLines));
row("CLI export jsonl: wall time", `${(cliMs / 1000).toFixed(1)} s`);
row("CLI export jsonl: size", `${(exportBytes / 2 ** 20).toFixed(0)} MiB`);
row("CLI export jsonl: peak RSS", `${cliPeakMiB.toFixed(0)} MiB`);
if (capped && baseline) {
  row("CLI export, old space capped 64 MiB: peak", `${capped.peakMiB.toFixed(0)} MiB, ${(cappedMs / 1000).toFixed(1)} s`);
  row("CLI audit list (1 row): peak RSS", `${baseline.peakMiB.toFixed(0)} MiB`);
}
if (serverExport) {
  row("console export jsonl: lines", fmt(serverExport.lines));
  row("console export jsonl: wall time", `${(serverExport.ms / 1000).toFixed(1)} s`);
  row("server VmRSS before -> after", `${serverExport.before.rssMiB.toFixed(0)} -> ${serverExport.after.rssMiB.toFixed(0)} MiB`);
  row("server VmHWM before -> after", `${serverExport.before.hwmMiB.toFixed(0)} -> ${serverExport.after.hwmMiB.toFixed(0)} MiB`);
  row("server VmRSS peak sampled during export", `${serverExport.sampledPeakMiB.toFixed(0)} MiB`);
}
rule();

if (process.env.BENCH_KEEP !== "1") {
  if (sqlite) for (const f of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`]) rmSync(f, { force: true });
  rmSync(exportFile, { force: true });
} else console.log(`kept ${sqlite ? sqliteFile : DATABASE_URL} and ${exportFile}`);
console.log(failures.length ? `\n${failures.length} check(s) FAILED:\n- ${failures.join("\n- ")}` : "\nall checks passed");
process.exit(failures.length ? 1 : 0);
