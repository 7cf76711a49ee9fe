import { consoleOrigin } from "../env";

/** C0 controls, DEL and backslashes: browsers drop or rewrite them while parsing a URL. */
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f\\]/;
/** How many layers of percent-encoding are unwrapped before a value is trusted. */
const DECODE_ROUNDS = 3;
const MAX_LENGTH = 2048;

/**
 * Where to go after sign-in: only a path on the console's own origin.
 *
 * A browser does not read `/\t/evil.example` the way a prefix check does: it
 * strips tabs and newlines and treats `\` as `/`, so the value becomes
 * `//evil.example`, another origin. So the value is resolved with the URL
 * parser against the console's origin and must stay on it, and nothing that a
 * parser could reinterpret is accepted at all: no control characters or
 * backslashes, raw or percent-encoded (a later hop that decodes once, such as
 * a redirect through a query string, would otherwise turn `%09%5C` back into
 * them). Only the path, query and hash are returned, never an origin.
 */
export function safeCallbackUrl(value: unknown, fallback = "/", origin = consoleOrigin()): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return fallback;
  let layer = value;
  for (let round = 0; round <= DECODE_ROUNDS; round++) {
    if (!staysOnOrigin(layer, origin)) return fallback;
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return fallback; // malformed percent-encoding: nothing to guess about
    }
    if (decoded === layer) break;
    if (round === DECODE_ROUNDS) return fallback; // still encoded after every round
    layer = decoded;
  }
  const url = new URL(value, origin);
  return `${url.pathname}${url.search}${url.hash}`;
}

function staysOnOrigin(candidate: string, origin: string): boolean {
  if (!candidate.startsWith("/") || candidate.startsWith("//") || UNSAFE_CHARACTER.test(candidate)) return false;
  try {
    return new URL(candidate, origin).origin === origin;
  } catch {
    return false;
  }
}
