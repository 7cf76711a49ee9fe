import pino from "pino";

/**
 * The one structured logger: JSON lines on stdout. Nothing that could hold a
 * credential is ever passed to it; `redact` is a second line of defence for
 * the field names that would.
 */
export const log = pino({
  level: process.env.TESSERA_LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "tessera" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: ["authorization", "*.authorization", "client_secret", "*.client_secret", "token", "*.token", "secret", "*.secret", "password", "*.password"],
    censor: "[redacted]",
  },
});
