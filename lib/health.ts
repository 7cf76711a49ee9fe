import { db } from "./db";
import { jsonResponse, type PlainResponse } from "./http/plain-http";

export const LIVENESS_PATH = "/api/health/live";

/**
 * Liveness: the process answers; the database is not consulted. Tessera's
 * server answers it at its door (a balancer may ask every second), the route
 * handler under `next start`. Whether the console and the database serve is
 * readiness (`/api/health`), which goes through the console.
 */
export function liveness(): PlainResponse {
  return jsonResponse({ status: "ok" }, 200, { "Cache-Control": "no-store" });
}

export async function checkDatabase(timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("database timeout")), timeoutMs);
    });
    await Promise.race([db().$queryRawUnsafe("SELECT 1"), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
