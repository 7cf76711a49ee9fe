import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface Received {
  headers: Record<string, string>;
  body: string;
  /** The payload as `standardwebhooks` verified it with the secret, or null when it did not verify. */
  verified: { type: string; timestamp: string; data: Record<string, unknown> } | null;
  answered: number;
}

/**
 * A webhook receiver for tests: a real node:http server on loopback that
 * verifies every delivery with the `standardwebhooks` library and answers
 * with the next status in `statuses` (then 200).
 */
export async function startWebhookReceiver(options: { port?: number; statuses?: number[]; secret?: string } = {}) {
  const received: Received[] = [];
  const statuses = [...(options.statuses ?? [])];
  let secret = options.secret ?? null;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let verified: Received["verified"] = null;
      try {
        if (secret) verified = new Webhook(secret).verify(body, headers) as Received["verified"];
      } catch {
        verified = null;
      }
      const answered = statuses.shift() ?? 200;
      received.push({ headers, body, verified, answered });
      res.writeHead(answered, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    received,
    setSecret: (s: string) => (secret = s),
    answerNext: (...codes: number[]) => statuses.push(...codes),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
