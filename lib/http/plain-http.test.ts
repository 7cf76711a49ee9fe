import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { writeNodeResponse } from "./plain-http";

describe("writeNodeResponse", () => {
  it("writes the response's headers over those beneath, and those over it last, each once", async () => {
    const server = createServer((_req, res) =>
      writeNodeResponse(res, { status: 201, headers: { "X-B": "own", "X-C": "own", "Content-Type": "application/json" }, body: '{"ok":"é"}' }, { "X-A": "beneath", "X-B": "beneath" }, { "X-C": "over" }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(res.status).toBe(201);
      expect(Object.fromEntries([...res.headers].filter(([name]) => name.startsWith("x-")))).toEqual({ "x-a": "beneath", "x-b": "own", "x-c": "over" });
      expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength('{"ok":"é"}')));
      expect(await res.json()).toEqual({ ok: "é" });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
