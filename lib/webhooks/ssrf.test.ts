import http from "node:http";
import type { AddressInfo } from "node:net";
import type { LookupAddress } from "node:dns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPublicAddress } from "./is-public-address";
import { createGuardedLookup } from "./guarded-lookup";
import { sendWebhookRequest } from "./send-webhook-request";
import { startWebhookReceiver, type WebhookReceiver } from "../testing/webhook-receiver";

/** A stand-in for DNS: every name resolves to `addresses` (what a rebinding attacker's server would answer). */
const resolvingTo = (...addresses: string[]) =>
  createGuardedLookup((_host, _options, callback) => callback(null, addresses.map((address): LookupAddress => ({ address, family: address.includes(":") ? 6 : 4 }))));

describe("private, loopback and link-local targets", () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it("only public unicast addresses pass", () => {
    for (const refused of ["127.0.0.1", "127.9.9.9", "10.0.0.1", "10.255.1.2", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "224.0.0.1", "::7f00:1", "::a9fe:a9fe", "::a00:1"]) {
      expect(isPublicAddress(refused), refused).toBe(false);
    }
    for (const allowed of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) expect(isPublicAddress(allowed), allowed).toBe(true);
    expect(isPublicAddress("not-an-ip")).toBe(false);
  });

  it("refuses an IP literal of each private kind before connecting", async () => {
    for (const host of ["127.0.0.1", "10.1.2.3", "169.254.169.254", "[::1]", "[fc00::1]"]) {
      const result = await sendWebhookRequest(`http://${host}:${receiver.port}/hook`, "{}", {}, { allowPrivate: false });
      expect(result, host).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/^refused: .* a private, loopback or link-local address$/) });
    }
    expect(receiver.received).toHaveLength(0);
  });

  it("refuses a host name that resolves to a private address at connect time (DNS rebinding), whatever the name", async () => {
    for (const address of ["127.0.0.1", "10.0.0.7", "169.254.169.254", "::1", "fd00::5"]) {
      const result = await sendWebhookRequest(`http://hooks.example.test:${receiver.port}/hook`, "{}", {}, { allowPrivate: false, lookup: resolvingTo(address) });
      expect(result.error, address).toBe(`refused: hooks.example.test resolves to ${address}, a private, loopback or link-local address`);
    }
    // One private address among public ones is enough to refuse the name: the socket may try any of them.
    const mixed = await sendWebhookRequest(`http://hooks.example.test:${receiver.port}/hook`, "{}", {}, { allowPrivate: false, lookup: resolvingTo("8.8.8.8", "127.0.0.1") });
    expect(mixed.error).toMatch(/resolves to 127\.0\.0\.1/);
    // The real resolver: localhost is loopback.
    const local = await sendWebhookRequest(`http://localhost:${receiver.port}/hook`, "{}", {}, { allowPrivate: false });
    expect(local.error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1)/);
    expect(receiver.received).toHaveLength(0);
  });

  it("delivers to loopback when the endpoint allows private targets", async () => {
    const result = await sendWebhookRequest(receiver.url(), '{"ok":true}', { "webhook-id": "msg_1" }, { allowPrivate: true });
    expect(result).toMatchObject({ ok: true, statusCode: 200, error: null });
    expect(receiver.received.at(-1)).toMatchObject({ body: '{"ok":true}', headers: { "webhook-id": "msg_1", "content-type": "application/json" } });
  });

  it("follows no redirect, and gives up on a peer that does not answer", async () => {
    let followed = 0;
    const elsewhere = http.createServer((_req, res) => {
      followed++;
      res.end();
    });
    const silent = http.createServer(() => {
      // never answers
    });
    await Promise.all([new Promise<void>((r) => elsewhere.listen(0, "127.0.0.1", r)), new Promise<void>((r) => silent.listen(0, "127.0.0.1", r))]);
    const redirecting = http.createServer((_req, res) => res.writeHead(307, { location: `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/` }).end());
    await new Promise<void>((r) => redirecting.listen(0, "127.0.0.1", r));
    try {
      const redirected = await sendWebhookRequest(`http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/`, "{}", {}, { allowPrivate: true });
      expect(redirected).toMatchObject({ ok: false, statusCode: 307, error: "redirect not followed (307)" });
      expect(followed).toBe(0);
      const timedOut = await sendWebhookRequest(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, "{}", {}, { allowPrivate: true, responseTimeoutMs: 300 });
      expect(timedOut).toMatchObject({ ok: false, statusCode: null, error: "no response within 0.3 s" });
    } finally {
      for (const s of [elsewhere, silent, redirecting]) s.closeAllConnections();
      await Promise.all([elsewhere, silent, redirecting].map((s) => new Promise((r) => s.close(r))));
    }
  });
});
