import { toWebResponse } from "@/lib/http/plain-http";
import { liveness } from "@/lib/health";

export const dynamic = "force-dynamic";

/** Liveness (see lib/health.ts); Tessera's own server answers it before Next.js. */
export function GET() {
  return toWebResponse(liveness());
}
