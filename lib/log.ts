import pino from "pino";

/**
 * The one structured logger: JSON lines on stdout. Nothing that could hold a
 * credential is ever passed to it; `redact` is a second line of defence for
 * the field names that would.
 */
const common = {
  level: process.env.TESSERA_LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "tessera" },
  timestamp: pino.stdTimeFunctions.isoTime,
};

export const log = pino({
  ...common,
  redact: {
    paths: ["authorization", "*.authorization", "client_secret", "*.client_secret", "token", "*.token", "secret", "*.secret", "password", "*.password"],
    censor: "[redacted]",
  },
});

/**
 * The access log: one line per request on the same stream, in the same
 * format. It is written asynchronously, 2 to 4 KiB at a time or after at
 * most a second, and what is pending is written at exit or flush(), because a
 * write per request cost the OAuth endpoints about a fifth of their CPU. Its fields are set by the server alone (the route
 * without its query or one-time token, the status, the client id), so it
 * needs no redaction.
 */
export function accessLog(): pino.Logger {
  if (!accessLogger) {
    // Each write holds whole lines and at most 4 KiB (PIPE_BUF on Linux), so it reaches a pipe in one
    // piece and a line of the synchronous logger on the same stream never lands inside it.
    const destination = pino.destination({ dest: 1, sync: false, minLength: ACCESS_BUFFER_BYTES, maxWrite: 4_096 });
    // A quiet server's lines wait at most this long in the buffer. The stream is
    // flushed without a callback: logger.flush() waits for 'drain' with one, and
    // while a slow reader keeps the stream busy those waits would pile up, one a second.
    setInterval(() => {
      try {
        destination.flush();
      } catch {
        // A destroyed stream (stdout closed) throws here; it has nothing left to write.
      }
    }, ACCESS_FLUSH_MS).unref();
    accessLogger = pino(common, destination);
  }
  return accessLogger;
}
const ACCESS_BUFFER_BYTES = 2 * 1024;
const ACCESS_FLUSH_MS = 1_000;
let accessLogger: pino.Logger | undefined;
