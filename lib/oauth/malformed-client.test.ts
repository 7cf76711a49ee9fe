import { describe, expect, it } from "vitest";
import { drainAuditQueue } from "../audit/audit-batcher";
import { flushRepeatedFailures } from "../audit/repeated-failures";
import { db } from "../db";
import { introspect, revoke, token } from "../testing/oauth-client";

describe("client ids no account can have", () => {
  it("a NUL byte in the client id is an unknown client at every endpoint, refused and recorded, never a 500", async () => {
    const ip = `10.77.${Math.floor(Math.random() * 250)}.1`;
    const malformed: [string, string] = ["sa_\u0000", "tss_whatever"];
    const answer = await token({ grant_type: "client_credentials" }, { basic: malformed, ip });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe("invalid_client");
    expect((await introspect(malformed, "x")).status).toBe(401);
    expect((await revoke(malformed, "x")).status).toBe(401);
    await flushRepeatedFailures();
    await drainAuditQueue();
    const denial = await db().auditEvent.findFirst({ where: { action: "token.denied", clientIp: ip } });
    expect(denial).toMatchObject({ reason: "unknown_client", actorId: "sa_\uFFFD" });
  });
});
