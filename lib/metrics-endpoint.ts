import { timingSafeEqual } from "node:crypto";
import { env, type Env } from "./env";
import { metrics } from "./metrics";
import type { PlainRequest, PlainResponse } from "./http/plain-http";

const NOT_FOUND: PlainResponse = { status: 404, headers: { "Content-Type": "text/plain" }, body: "Not found\n" };

function bearerMatches(header: string | undefined, expected: string): boolean {
  const given = Buffer.from(header?.startsWith("Bearer ") ? header.slice(7) : "");
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * GET /metrics in the Prometheus text format: off (404) unless
 * TESSERA_METRICS=1, and behind TESSERA_METRICS_TOKEN when that is set.
 */
export async function handleMetricsRequest(request: PlainRequest, settings: Pick<Env, "TESSERA_METRICS" | "TESSERA_METRICS_TOKEN"> = env()): Promise<PlainResponse> {
  const { TESSERA_METRICS, TESSERA_METRICS_TOKEN } = settings;
  if (TESSERA_METRICS !== "1") return NOT_FOUND;
  if (TESSERA_METRICS_TOKEN && !bearerMatches(request.header("authorization"), TESSERA_METRICS_TOKEN)) {
    return { status: 401, headers: { "Content-Type": "text/plain", "WWW-Authenticate": 'Bearer realm="tessera-metrics"' }, body: "Unauthorized\n" };
  }
  const { registry } = metrics();
  return { status: 200, headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" }, body: await registry.metrics() };
}
