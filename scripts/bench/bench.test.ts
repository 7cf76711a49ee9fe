// The benchmark's own moving parts: the self-check's arithmetic, the /proc
// reading behind "CPU ms per request", the request lists, and the
// yardstick's chained audit log on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, testDbProvider, type ScratchDatabase } from "../../lib/testing/scratch-database";
import { parseStat } from "./machine.mjs";
import { tokenClaims, usableItems } from "./handler-ab-items.mjs";
import { pairOrder, pairedRatios } from "./pairs.mjs";
import { medianRound, roundRatios } from "./report.mjs";
import { basic, roundsPart, scenarioJob } from "./scenarios.mjs";
import { compareTokenEvents } from "./tessera.mjs";
import { measuredWindow, percentile } from "./window.mjs";
import { createAuditLog, linker } from "./yardstick/audit-chain.mjs";
import { openPgStore } from "./yardstick/store-pg.mjs";
import { openSqliteStore } from "./yardstick/store-sqlite.mjs";

describe("self-check: token.issued events against 200 responses", () => {
  it("passes when every token has one event and there is no other", () => {
    expect(compareTokenEvents({ events: ["a", "b", "c"], seen: ["c", "a", "b"], ok: 3, abandoned: 0 })).toMatchObject({ pass: true, extra: 0 });
  });

  it("fails when a token handed out has no event", () => {
    expect(compareTokenEvents({ events: ["a", "b"], seen: ["a", "b", "c"], ok: 3, abandoned: 100 })).toMatchObject({ pass: false, missing: 1 });
  });

  it("fails when a token has two events", () => {
    expect(compareTokenEvents({ events: ["a", "a", "b"], seen: ["a", "b"], ok: 2, abandoned: 100 })).toMatchObject({ pass: false, duplicates: 1 });
  });

  it("accepts events without a token only up to the requests the client abandoned", () => {
    const counts = { events: ["a", "b", "c", "d"], seen: ["a", "b"], ok: 2 };
    expect(compareTokenEvents({ ...counts, abandoned: 2 })).toMatchObject({ pass: true, extra: 2 });
    expect(compareTokenEvents({ ...counts, abandoned: 1 })).toMatchObject({ pass: false, extra: 2 });
  });

  it("fails when a 200 carried no token", () => {
    expect(compareTokenEvents({ events: ["a"], seen: ["a"], ok: 2, abandoned: 5 })).toMatchObject({ pass: false });
  });
});

describe("the measured window of a load run", () => {
  it("counts in the window only what came while it was open, and everything for the run", () => {
    const w = measuredWindow();
    w.answer(2_000, 200, 900, "a"); // the warm-up's
    w.open(3_000);
    w.answer(3_000, 200, 10, "a");
    w.answer(12_999, 503, 20, "b");
    w.close(13_000);
    w.answer(13_000, 200, 30, "b"); // after the window closed
    w.error(2_000, true);
    w.error(5_000, true);
    w.error(6_000, false);
    w.wrong(1_000);
    w.wrong(4_000);
    expect(w.summary()).toEqual({
      seconds: 10,
      completed: 2,
      ok: 1,
      non2xx: 1,
      timeouts: 1,
      socketErrors: 1,
      wrong: 1,
      statuses: { 200: 1, 503: 1 },
      latencyMs: { p50: 10, p90: 20, p99: 20, max: 20 },
      firstAnswerMs: { p50: 20, p90: 900, p99: 900, max: 900 },
      run: { answered: 4, ok: 3, timeouts: 2 },
    });
  });

  it("counts nothing in a window that never opened", () => {
    const w = measuredWindow();
    w.answer(1, 200, 5, "a");
    w.error(2, false);
    expect(w.summary()).toMatchObject({ seconds: null, completed: 0, socketErrors: 0, latencyMs: { p50: null, max: null }, run: { answered: 1 } });
  });

  it("takes each connection's first answer, whenever it came", () => {
    const w = measuredWindow();
    w.open(0);
    for (const [connection, latency] of [["a", 5], ["b", 1_500], ["a", 700], ["c", 40]] as const) w.answer(10, 200, latency, connection);
    expect(w.summary().firstAnswerMs).toEqual({ p50: 40, p90: 1_500, p99: 1_500, max: 1_500 });
  });

  it("reads percentiles by nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(values, 0.5), percentile(values, 0.9), percentile(values, 0.99), percentile(values, 1)]).toEqual([50, 90, 99, 100]);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe("parseStat", () => {
  it("reads ppid and CPU ticks after a command name holding spaces and parentheses", () => {
    const line = "4242 (node (x) y) S 17 4242 4242 0 -1 4194304 500 0 0 0 700 80 9 1 20 0 11 0 91704";
    expect(parseStat(line)).toEqual([17, 700 + 80 + 9 + 1]);
  });
});

type Job = { items: { authorization: string; body: string }[] };
const itemsOf = (name: string, fixture: object) => (scenarioJob(name, fixture) as Job).items;

describe("scenario request lists", () => {
  const clients = [0, 1, 2].map((i) => ({ clientId: `sa_${i}`, clientSecret: `tss_${i}` }));
  const fixture = {
    healthPath: "/api/health/live",
    clients,
    introspector: { clientId: "sa_i", clientSecret: "tss_i" },
    apiKey: "tak_k",
    introspectTokens: ["j0", "j1"],
    revokeTokens: [
      { client: 2, token: "t0" },
      { client: 0, token: "t1" },
    ],
  };

  it("rotates token requests over every account", () => {
    const auths = itemsOf("token", fixture).map((i) => i.authorization);
    expect(auths).toEqual(clients.map(basic));
  });

  it("revokes each token as the account it belongs to", () => {
    // Tessera answers 200 to a foreign token too, so a wrong pairing would go unnoticed in the figures.
    const items = itemsOf("revoke", fixture);
    expect(items.map((i) => i.authorization)).toEqual([basic(clients[2]!), basic(clients[0]!)]);
    expect(items[0]!.body).toBe("token=t0&token_type_hint=access_token");
  });

  it("introspects as the introspecting account", () => {
    expect(itemsOf("introspect-jwt", fixture).map((i) => [i.authorization, i.body])).toEqual([
      [basic(fixture.introspector), "token=j0"],
      [basic(fixture.introspector), "token=j1"],
    ]);
  });

  it("has no API-key or health scenario for a server without them", () => {
    const peer = { ...fixture, apiKey: null, healthPath: null };
    expect(scenarioJob("introspect-key", peer)).toBeNull();
    expect(scenarioJob("health", peer)).toBeNull();
  });

  it("gives each round of revocation a part of the pool of its own", () => {
    const tokens = (round: number) => scenarioJob("revoke", fixture, round, 2)!.items.map((i: { body: string }) => i.body.split("&")[0]);
    expect([tokens(0), tokens(1)]).toEqual([["token=t0"], ["token=t1"]]);
    expect(roundsPart([1, 2, 3, 4, 5, 6, 7], 2, 3)).toEqual([5, 6]);
    expect(() => roundsPart([1], 0, 2)).toThrow(/cannot cut/);
  });
});

describe("rounds", () => {
  const run = (requestsPerSecond: number, p99: number) => ({ requestsPerSecond, latencyMs: { p99 } });

  it("takes a server's median round whole, with every round's req/s in run order", () => {
    expect(medianRound([run(900, 30), run(1200, 10), run(1000, 20)])).toEqual({ ...run(1000, 20), rounds: [900, 1200, 1000], p99Rounds: [30, 10, 20] });
    // An even count: the lower of the middle two.
    expect(medianRound([run(1200, 10), run(900, 30)])).toMatchObject({ requestsPerSecond: 900, rounds: [1200, 900] });
  });

  it("takes Tessera's ratio to each other server within each round, and the median of those", () => {
    const rounds = (...rps: number[]) => ({ rounds: rps });
    // Round by round 0.88, 0.93 and 1.28 (the machine sped up in round 3 for everyone); the median rounds would say 1734/1980.
    const ratios = roundRatios({ tessera: rounds(1734, 1507, 2578), yardstick: rounds(1980, 1624, 2020), peer: { failed: "exited" } });
    expect(Object.keys(ratios)).toEqual(["yardstick"]);
    expect(ratios.yardstick!.perRound.map((x: number | null) => x?.toFixed(2))).toEqual(["0.88", "0.93", "1.28"]);
    expect(ratios.yardstick!.median).toBeCloseTo(1507 / 1624);
    // An even count takes the lower of the middle two, as medianRound does; a round the other server answered nothing in has no ratio.
    expect(roundRatios({ tessera: rounds(900, 1000), yardstick: rounds(1000, 1000) }).yardstick).toEqual({ perRound: [0.9, 1], median: 0.9 });
    expect(roundRatios({ tessera: rounds(900, 1000, 800), yardstick: rounds(0, 1000, 1000) }).yardstick).toEqual({ perRound: [null, 1, 0.8], median: 0.8 });
    expect(roundRatios({ tessera: rounds(900, 1000), yardstick: rounds(0, 0) }).yardstick).toEqual({ perRound: [null, null], median: null });
    // One round, or rounds that do not pair: nothing to pair.
    expect(roundRatios({ tessera: rounds(1000), yardstick: rounds(900) })).toEqual({});
    expect(roundRatios({ tessera: rounds(1000, 1100), yardstick: rounds(900) })).toEqual({});
  });

  it("fails with any failed round, and is null for a server without the scenario", () => {
    expect(medianRound([run(900, 30), { failed: "exited" }, run(1000, 20)])).toEqual({ failed: "exited" });
    expect(medianRound([null, null])).toBeNull();
  });
});

type AuditRow = { seq: number; occurred_at: string; action: string; client_id: string; jti: string; prev_hash: string | null; hash: string };

describe("paired waves of two builds (bench:handlers)", () => {
  it("alternates which build goes first", () => {
    expect([0, 1, 2, 3].map(pairOrder)).toEqual([["a", "b"], ["b", "a"], ["a", "b"], ["b", "a"]]);
  });

  it("takes the ratio within each pair, so a slow spell that spans a pair cancels out", () => {
    // The machine runs at half speed for pairs 2 and 3: both sides cost twice as much there.
    const a = [100, 100, 200, 200, 100];
    const b = [90, 90, 180, 180, 90];
    const summary = pairedRatios(a, b);
    expect(summary.ratio).toEqual({ p25: 0.9, median: 0.9, p75: 0.9 });
    expect(summary).toMatchObject({ pairs: 5, medianA: 100, medianB: 90, bCheaper: 5 });
  });

  it("is the median of the per-pair ratios, not the ratio of the medians", () => {
    // Pair ratios 0.9, 0.5 and 0.9: the median pair says 0.9, the medians (200 and 100) would say 0.5.
    const summary = pairedRatios([100, 200, 200], [90, 100, 180]);
    expect(summary.ratio.median).toBeCloseTo(0.9);
    expect([summary.medianA, summary.medianB]).toEqual([200, 100]);
  });

  it("reports the median pair, not the mean, and counts the pairs B won", () => {
    const summary = pairedRatios([100, 100, 100, 100, 100], [95, 96, 97, 250, 101]);
    expect(summary.ratio.median).toBeCloseTo(0.97);
    expect(summary.ratio.p25).toBeCloseTo(0.96);
    expect(summary.ratio.p75).toBeCloseTo(1.01);
    expect(summary.bCheaper).toBe(3);
  });

  it("refuses sides of different lengths or none", () => {
    expect(() => pairedRatios([1, 2], [1])).toThrow();
    expect(() => pairedRatios([], [])).toThrow();
  });

  it("leaves out requests whose token expires before the run ends, or that the bench already revoked", () => {
    const jwt = (claims: object) => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.c2ln`;
    const item = (claims: object) => ({ authorization: "Basic x", body: `token=${encodeURIComponent(jwt(claims))}&token_type_hint=access_token` });
    const fresh = item({ jti: "fresh", exp: 10_000 });
    const items = [fresh, item({ jti: "soon", exp: 1_500 }), item({ jti: "gone", exp: 10_000 }), { authorization: "Basic x", body: "token=tak_abc" }, { authorization: "Basic x", body: "grant_type=client_credentials" }];
    expect(tokenClaims(fresh)).toMatchObject({ jti: "fresh" });
    const usable = usableItems(items, { now: 1_000, marginSeconds: 600, revoked: new Set(["gone"]) });
    // API keys and token requests carry no token to expire.
    expect(usable).toEqual({ items: [fresh, items[3], items[4]], expired: 1, revoked: 1 });
  });
});

describe(`yardstick audit log (${testDbProvider()})`, () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase(testDbProvider());
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it("writes one chained row per append, across group-committed batches", async () => {
    const store = scratch.url.startsWith("file:") ? openSqliteStore(scratch.url.slice("file:".length)) : openPgStore(scratch.url);
    try {
      await store.init({ accounts: [], apiKeys: [] });
      const key = Buffer.alloc(32, 7);
      const log = createAuditLog(store, key);
      const row = (n: number) => ({ occurredAt: `2026-01-01T00:00:${String(n % 60).padStart(2, "0")}.000Z`, action: "token.issued", clientId: `sa_${n % 3}`, jti: `jti-${n}` });
      await Promise.all(Array.from({ length: 50 }, (_, n) => log.append(row(n))));
      await Promise.all(Array.from({ length: 10 }, (_, n) => log.append(row(50 + n))));

      const stored = (await store.readAudit()) as AuditRow[];
      expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: 60 }, (_, n) => n + 1));
      expect(stored.map((r) => r.jti).sort()).toEqual(Array.from({ length: 60 }, (_, n) => `jti-${n}`).sort());
      // Recomputing the chain from the start over the stored content gives the stored hashes.
      const recomputed = linker(key)(
        { seq: 0, hash: null },
        stored.map((r) => ({ occurredAt: r.occurred_at, action: r.action, clientId: r.client_id, jti: r.jti })),
      );
      expect(stored.map((r) => [r.prev_hash, r.hash])).toEqual(recomputed.map((r: { prevHash: string | null; hash: string }) => [r.prevHash, r.hash]));
    } finally {
      await store.close();
    }
  });
});
