import { countOccurrences } from "../audit/count-events";
import type { MessageCandidate } from "./enqueue-webhook-messages";
import { TOKEN_DENIED_SPIKE } from "./policy";

/**
 * `token.denied_spike` when an organisation's denied token requests in one
 * fixed, UTC-aligned window reach the threshold (TOKEN_DENIED_SPIKE),
 * counted by occurrences: an aggregated event stands for its
 * metadata.count. The window before the current one is looked at too,
 * because aggregated events are written when their minute closes.
 */
export async function tokenDeniedSpikeMessages(orgId: string, now: Date, spike: { threshold: number; windowMinutes: number } = TOKEN_DENIED_SPIKE): Promise<MessageCandidate[]> {
  const windowMs = spike.windowMinutes * 60_000;
  const current = now.getTime() - (now.getTime() % windowMs);
  const out: MessageCandidate[] = [];
  for (const start of [current - windowMs, current]) {
    const windowStart = new Date(start);
    const windowEnd = new Date(start + windowMs);
    const count = await countOccurrences({ orgId, action: "token.denied", occurredAt: { gte: windowStart, lt: windowEnd } });
    if (count < spike.threshold) continue;
    out.push({
      type: "token.denied_spike",
      dedupeKey: `token.denied_spike:${windowStart.toISOString()}`,
      data: { windowStart: windowStart.toISOString(), windowEnd: windowEnd.toISOString(), count, threshold: spike.threshold },
    });
  }
  return out;
}
