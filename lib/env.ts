import { z } from "zod";

/**
 * The environment, parsed once. Every setting Tessera reads is named here
 * (README "Configuration" mirrors this list).
 */
const durationNumber = (fallback: number) =>
  z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  DATABASE_URL: z.string().min(1).default("file:./data/tessera.db"),
  /** PostgreSQL: how long to wait for a connection (new, or a free one in the pool) before answering 503. */
  TESSERA_DB_CONNECT_TIMEOUT_MS: durationNumber(5_000),
  /** PostgreSQL: how long one statement may run (statement_timeout, and the client's own read timeout). */
  TESSERA_DB_QUERY_TIMEOUT_MS: durationNumber(10_000),
  TESSERA_SECRET: z.string().optional(),
  TESSERA_ISSUER: z.string().url().optional(),
  AUTH_URL: z.string().url().optional(),
  AUTH_OIDC_ISSUER: z.string().url().optional(),
  AUTH_OIDC_CLIENT_ID: z.string().optional(),
  AUTH_OIDC_CLIENT_SECRET: z.string().optional(),
  AUTH_OIDC_NAME: z.string().default("Single sign-on"),
  TESSERA_ADMIN_EMAIL: z.string().email().optional(),
  TESSERA_ADMIN_PASSWORD: z.string().optional(),
  TESSERA_ORG_SLUG: z.string().default("default"),
  TESSERA_ORG_NAME: z.string().optional(),
  /** Console session idle timeout, minutes (default 8 h). */
  TESSERA_SESSION_IDLE_MINUTES: durationNumber(8 * 60),
  /** Console session absolute lifetime, hours (default 7 days). */
  TESSERA_SESSION_MAX_HOURS: durationNumber(7 * 24),
  /** Invitation link lifetime, hours (default 72 h). */
  TESSERA_INVITE_TTL_HOURS: durationNumber(72),
  /** Comma-separated proxy addresses whose X-Forwarded-For is believed. */
  TESSERA_TRUSTED_PROXIES: z.string().default(""),
  PORT: z.coerce.number().int().positive().default(3000),
  /** JWT signing algorithm for new signing keys. */
  TESSERA_SIGNING_ALG: z.enum(["ES256", "EdDSA", "RS256"]).default("ES256"),
  /** After `tessera keys rotate`, how long the new key is published before it signs. */
  TESSERA_KEY_PUBLICATION_DELAY_SECONDS: z.coerce.number().int().min(0).default(3600),
  /** How often the server signs audit checkpoints and applies retention; 0 turns it off. */
  TESSERA_AUDIT_MAINTENANCE_SECONDS: z.coerce.number().int().min(0).default(600),
  /** The shortest time-boxed grant, seconds (default 60); tests lower it to watch a grant end. */
  TESSERA_MIN_GRANT_SECONDS: z.coerce.number().int().min(1).default(60),
  /** How often the webhook worker derives new messages and sends due deliveries; 0 turns it off. */
  TESSERA_WEBHOOK_WORKER_SECONDS: z.coerce.number().int().min(0).default(5),
  /** "1" serves Prometheus metrics at GET /metrics. */
  TESSERA_METRICS: z.enum(["0", "1"]).default("0"),
  /** When set, /metrics asks for this bearer token. */
  TESSERA_METRICS_TOKEN: z.string().min(16, "TESSERA_METRICS_TOKEN must be at least 16 characters").optional(),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    // Empty strings mean "unset": shells and .env files often write KEY=.
    const raw = Object.fromEntries(
      Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ""),
    );
    const parsed = envSchema.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new Error(`Invalid environment: ${first?.path.join(".")}: ${first?.message}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** The key material every keyed hash derives from. Refuses to run without it. */
export function tesseraSecret(): string {
  const secret = env().TESSERA_SECRET;
  if (!secret || Buffer.byteLength(secret) < 32) {
    throw new Error("TESSERA_SECRET must be set to at least 32 bytes (npm start generates one into .env)");
  }
  return secret;
}

export function oidcConfigured(): boolean {
  const e = env();
  return Boolean(e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_CLIENT_ID && e.AUTH_OIDC_CLIENT_SECRET);
}

/** The OAuth issuer identifier: TESSERA_ISSUER, else the console's public URL. */
export function issuer(): string {
  return (env().TESSERA_ISSUER ?? publicUrl()).replace(/\/+$/, "");
}

/** Public URL of the console, used in printed links and as the default issuer. */
export function publicUrl(): string {
  const e = env();
  return (e.AUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
}

/** The console's own origin (scheme, host, port), for same-origin checks. */
export function consoleOrigin(): string {
  return new URL(publicUrl()).origin;
}
