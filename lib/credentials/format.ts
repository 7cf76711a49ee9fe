import { randomInt } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * Credential formats. Client secrets (`tss_`) and API keys (`tak_`) are
 * prefix + 36 CSPRNG base62 characters (~214 bits) + a 6-character base62
 * CRC32 of everything before it, so secret scanners can recognise a real
 * Tessera credential offline and a typo is caught before any lookup.
 * Client ids (`sa_`) are identifiers, not secrets: 20 base62 characters.
 */
export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const SECRET_PREFIX = "tss_";
export const API_KEY_PREFIX = "tak_";
export const CLIENT_ID_PREFIX = "sa_";
const RANDOM_LENGTH = 36;
const CHECKSUM_LENGTH = 6;

/** Uniform base62 characters from the CSPRNG (randomInt rejects biased draws). */
export function randomBase62(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)];
  return out;
}

export function base62Checksum(text: string): string {
  let n = crc32(text);
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

function generate(prefix: string): string {
  const body = prefix + randomBase62(RANDOM_LENGTH);
  return body + base62Checksum(body);
}

export const generateClientSecret = () => generate(SECRET_PREFIX);
export const generateApiKey = () => generate(API_KEY_PREFIX);
export const generateClientId = () => CLIENT_ID_PREFIX + randomBase62(20);

const shape = (prefix: string) => new RegExp(`^${prefix}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);
const SECRET_SHAPE = shape(SECRET_PREFIX);
const API_KEY_SHAPE = shape(API_KEY_PREFIX);

function checksumValid(value: string): boolean {
  const body = value.slice(0, -CHECKSUM_LENGTH);
  return base62Checksum(body) === value.slice(-CHECKSUM_LENGTH);
}

/** Well-formed and checksum-valid; says nothing about whether it exists. */
export const isWellFormedClientSecret = (v: string) => SECRET_SHAPE.test(v) && checksumValid(v);
export const isWellFormedApiKey = (v: string) => API_KEY_SHAPE.test(v) && checksumValid(v);
export const isWellFormedClientId = (v: string) => /^sa_[0-9A-Za-z]{20}$/.test(v);
/** An access token's id (lib/oauth/token-id.ts): random bytes, then a seal, written base64url. */
export const JTI_RANDOM_BYTES = 16;
export const JTI_SEAL_BYTES = 12;
const base64UrlLength = (bytes: number) => Math.ceil((bytes * 4) / 3);
/** The length of a sealed id, written base64url (38 characters). */
export const JTI_SEALED_LENGTH = base64UrlLength(JTI_RANDOM_BYTES + JTI_SEAL_BYTES);
// Sealed ids, and the random-only ids issued before them (still live until they expire).
const JTI_SHAPE = new RegExp(`^(?:[A-Za-z0-9_-]{${JTI_SEALED_LENGTH}}|[A-Za-z0-9_-]{${base64UrlLength(JTI_RANDOM_BYTES)}})$`);
/** An access token id as Tessera issues them, or did before seals. */
export const isWellFormedJti = (v: unknown): v is string => typeof v === "string" && JTI_SHAPE.test(v);

/** The 4 characters shown to people to tell credentials apart (never enough to guess one). */
export const credentialHint = (value: string) => value.slice(-4);
