import { afterEach, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { db, dbProvider, transaction } from "./db";
import { makeOrg } from "./testing/factories";

/** A promise and the function that settles it. */
function signal() {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fire, fired };
}

describe.skipIf(dbProvider() !== "sqlite")("SQLite, as Tessera connects to it", () => {
  const open: Database.Database[] = [];
  afterEach(() => open.splice(0).forEach((c) => c.close()));

  /** Another connection to the same file, as another process would open it, failing at once when locked. */
  function otherConnection() {
    const connection = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""), { timeout: 0 });
    open.push(connection);
    return connection;
  }

  it("transactions hold the write lock from their first moment, before any statement", async () => {
    const other = otherConnection();
    const gate = signal();
    const inside = signal();
    const tx = db().$transaction(async () => {
      inside.fire();
      await gate.fired;
    });
    await inside.fired;
    expect(() => other.prepare("BEGIN IMMEDIATE").run()).toThrow(/database is locked/);
    gate.fire();
    await tx;
  });

  it("transactions survive a read from elsewhere in the process landing before their first write while another process writes", async () => {
    const org = await makeOrg();
    const other = otherConnection();
    let foreignWrite: "committed" | "refused" | null = null;
    await transaction(async (tx) => {
      // A plain query runs on the transaction's connection, inside it.
      await db().organization.count();
      try {
        other.prepare(`UPDATE "Organization" SET "name" = 'elsewhere' WHERE "id" = ?`).run(org.id);
        foreignWrite = "committed";
      } catch {
        foreignWrite = "refused";
      }
      await tx.organization.update({ where: { id: org.id }, data: { name: "here" } });
    });
    // The other process had to wait for the lock (here: refused at once), and our write landed.
    expect(foreignWrite).toBe("refused");
    expect((await db().organization.findUniqueOrThrow({ where: { id: org.id } })).name).toBe("here");
  });

  it("plain reads see only committed data, as on PostgreSQL", async () => {
    const org = await makeOrg();
    await transaction(async (tx) => {
      await tx.organization.update({ where: { id: org.id }, data: { name: "uncommitted" } });
      // Elsewhere in the process, while the transaction is open:
      expect((await db().organization.findUniqueOrThrow({ where: { id: org.id } })).name).toBe(org.name);
    });
    expect((await db().organization.findUniqueOrThrow({ where: { id: org.id } })).name).toBe("uncommitted");
  });

  it("a plain write waits for an open transaction and is not undone when that one rolls back", async () => {
    const org = await makeOrg();
    const gate = signal();
    const inside = signal();
    const failing = transaction(async (tx) => {
      await tx.organization.update({ where: { id: org.id }, data: { name: "rolled back" } });
      inside.fire();
      await gate.fired;
      throw new Error("the transaction fails");
    });
    await inside.fired;
    // Prisma queries are lazy: then() sends it now, while the transaction is open.
    const plain = db().organization.update({ where: { id: org.id }, data: { name: "kept" } }).then((row) => row);
    gate.fire();
    await expect(failing).rejects.toThrow("the transaction fails");
    await plain;
    expect((await db().organization.findUniqueOrThrow({ where: { id: org.id } })).name).toBe("kept");
  });
});
