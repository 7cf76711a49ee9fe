import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { postgresPoolConfig } from "./db";
import { isDatabaseUnavailable } from "./db-availability";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";

// Real PostgreSQL clients (Prisma over pg, configured as Tessera configures
// them) against servers that refuse, hang, or stop answering mid-session.
const clients: PostgresClient[] = [];
const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.$disconnect().catch(() => undefined)));
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const limits = { TESSERA_DB_CONNECT_TIMEOUT_MS: 500, TESSERA_DB_QUERY_TIMEOUT_MS: 1_000 };
function client(url: string) {
  const c = new PostgresClient({ adapter: new PrismaPg(postgresPoolConfig(url, limits)) });
  clients.push(c);
  return c;
}
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on("connection", (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

describe("when PostgreSQL cannot serve", () => {
  it("a refused connection is 'unavailable' (503), as Prisma reports it", async () => {
    const port = await listen(createServer());
    await new Promise((r) => servers.pop()!.close(r));
    const error = await failure(client(`postgresql://tessera@127.0.0.1:${port}/tessera`).$queryRaw`SELECT 1`);
    expect(error).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("a server that accepts the connection but never answers fails within the connect bound, as 'unavailable'", async () => {
    const port = await listen(createServer(() => undefined));
    const error = await failure(client(`postgresql://tessera@127.0.0.1:${port}/tessera`).$queryRaw`SELECT 1`);
    expect(error).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.skipIf(inject("testDbProvider") !== "postgresql")("a server that stops answering mid-session fails within the statement bound, and serves again when it answers", async () => {
    const target = new URL(inject("databaseUrl"));
    const proxy = pausableProxy(Number(target.port), target.hostname);
    const port = await listen(proxy.server);
    const url = new URL(target);
    url.port = String(port);
    const db = client(url.toString());
    expect(await db.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    proxy.pause();
    const error = await failure(db.$queryRaw`SELECT 2 AS two`);
    expect(error).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(error)).toBe(true);
    proxy.resume();
    expect(await db.$queryRaw`SELECT 3 AS three`).toEqual([{ three: 3 }]);
  });

  it.skipIf(inject("testDbProvider") !== "postgresql")("a connection lost in the middle of a transaction is 'unavailable', whichever statement notices it", async () => {
    const target = new URL(inject("databaseUrl"));
    const proxy = pausableProxy(Number(target.port), target.hostname);
    const url = new URL(target);
    url.port = String(await listen(proxy.server));
    const db = client(url.toString());
    const error = await failure(
      db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        proxy.cut();
        await new Promise((r) => setTimeout(r, 200)); // the driver learns the connection is gone
        await tx.$queryRaw`SELECT 2`;
      }),
    );
    expect(error).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });
});

/** A TCP proxy that can stop passing bytes (as a paused server or a dead path would) and start again. */
function pausableProxy(targetPort: number, targetHost: string) {
  let paused = false;
  const held: (() => void)[] = [];
  const server = createServer((inbound) => {
    const outbound = connect(targetPort, targetHost);
    sockets.push(outbound);
    const pass = (from: Socket, to: Socket) => from.on("data", (d) => (paused ? held.push(() => to.write(d)) : to.write(d)));
    pass(inbound, outbound);
    pass(outbound, inbound);
    for (const [a, b] of [[inbound, outbound], [outbound, inbound]] as const) {
      a.on("error", () => b.destroy());
      a.on("close", () => b.destroy());
    }
  });
  return {
    server,
    /** Drop every connection through the proxy, as a server that goes down does. */
    cut: () => {
      for (const s of server.listening ? sockets : []) s.destroy();
    },
    pause: () => void (paused = true),
    resume: () => {
      paused = false;
      for (const send of held.splice(0)) send();
    },
  };
}
