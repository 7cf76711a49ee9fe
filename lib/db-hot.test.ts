import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { db, dbProvider } from "./db";
import { hotRead, hotTransaction } from "./db-hot";
import { metrics } from "./metrics";

const statements = async () => (await metrics().databaseStatements.get()).values[0]?.value ?? 0;
// Revoked token ids that have expired are pruned (pruneRevokedTokens) by any test file that runs
// maintenance on the shared test database meanwhile: the rows here expire in an hour, or later.
const inAnHour = () => new Date(Date.now() + 3_600_000);

describe("hot statements (lib/db-hot.ts)", () => {
  it("write dates the way the Prisma client does, so both read each other's rows", async () => {
    const when = new Date("2099-11-27T10:11:12.345Z");
    const hot = `hot-${randomUUID()}`;
    const viaPrisma = `prisma-${randomUUID()}`;
    await hotTransaction((sql) =>
      sql.execute(`INSERT INTO "RevokedToken" ("jti", "orgId", "expiresAt", "revokedAt") VALUES (?, ?, ?, ?)`, [hot, "org_hot", when, when]),
    );
    await db().revokedToken.create({ data: { jti: viaPrisma, orgId: "org_hot", expiresAt: when, revokedAt: when } });

    // Prisma reads the hot row, and compares its date in a filter (text comparison on SQLite).
    const found = await db().revokedToken.findMany({ where: { jti: { in: [hot, viaPrisma] }, expiresAt: { gte: when, lte: when } }, orderBy: { jti: "asc" } });
    expect(found.map((r) => [r.jti, r.expiresAt.toISOString()])).toEqual([
      [hot, when.toISOString()],
      [viaPrisma, when.toISOString()],
    ]);
    // And a hot read sees both rows stored alike.
    const raw = await hotRead<{ jti: string; expiresAt: unknown }>(`SELECT "jti", "expiresAt" FROM "RevokedToken" WHERE "jti" IN (?, ?) ORDER BY "jti"`, [hot, viaPrisma]);
    expect(raw).toHaveLength(2);
    expect(String(raw[0]!.expiresAt)).toBe(String(raw[1]!.expiresAt));
  });

  it("commits when the function resolves, rolls back when it throws, and counts every statement", async () => {
    const kept = `kept-${randomUUID()}`;
    const undone = `undone-${randomUUID()}`;
    const insert = `INSERT INTO "RevokedToken" ("jti", "orgId", "expiresAt", "revokedAt") VALUES (?, ?, ?, ?)`;
    const before = await statements();
    await hotTransaction((sql) => sql.execute(insert, [kept, "org_hot", inAnHour(), new Date()]));
    // BEGIN, the insert, COMMIT.
    expect((await statements()) - before).toBe(3);
    await expect(
      hotTransaction(async (sql) => {
        await sql.execute(insert, [undone, "org_hot", inAnHour(), new Date()]);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    const rows = await db().revokedToken.findMany({ where: { jti: { in: [kept, undone] } }, select: { jti: true } });
    expect(rows.map((r) => r.jti)).toEqual([kept]);
    // The connection is free again: another transaction goes through.
    await hotTransaction((sql) => sql.query(`SELECT 1 AS "one"`, []));
  });

  it("answers how many rows a write changed", async () => {
    const jti = `count-${randomUUID()}`;
    const changed = await hotTransaction((sql) =>
      sql.execute(`INSERT INTO "RevokedToken" ("jti", "orgId", "expiresAt", "revokedAt") VALUES (?, ?, ?, ?) ON CONFLICT ("jti") DO NOTHING`, [jti, "o", inAnHour(), new Date()]),
    );
    const again = await hotTransaction((sql) =>
      sql.execute(`INSERT INTO "RevokedToken" ("jti", "orgId", "expiresAt", "revokedAt") VALUES (?, ?, ?, ?) ON CONFLICT ("jti") DO NOTHING`, [jti, "o", inAnHour(), new Date()]),
    );
    expect([changed, again]).toEqual([1, 0]);
    const [row] = await hotRead<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "RevokedToken" WHERE "jti" = ?`, [jti]);
    expect(Number(row!.n)).toBe(1);
  });

  it.runIf(dbProvider() === "postgresql")("are prepared once per connection on PostgreSQL", async () => {
    // Run as a hot statement itself, so it is prepared on the connection it reads.
    const rows = await hotRead<{ name: string }>(`SELECT "name" FROM pg_prepared_statements WHERE "statement" LIKE ?`, ["%pg_prepared_statements%"]);
    expect(rows.map((r) => r.name)).toEqual([expect.stringMatching(/^hot_/)]);
  });

  it.runIf(dbProvider() === "sqlite")("never write on SQLite's reader connection, which runs outside the writer's turns", async () => {
    const jti = `reader-${randomUUID()}`;
    await expect(hotRead(`INSERT INTO "RevokedToken" ("jti", "orgId", "expiresAt", "revokedAt") VALUES (?, ?, ?, ?) RETURNING "jti"`, [jti, "o", inAnHour(), new Date()])).rejects.toThrow(
      /SELECT statements only/,
    );
    expect(await db().revokedToken.findUnique({ where: { jti } })).toBeNull();
  });
});
