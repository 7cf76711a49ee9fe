import { fromWebRequest, toWebResponse } from "@/lib/http/plain-http";
import { handleMetricsRequest } from "@/lib/metrics-endpoint";

export const dynamic = "force-dynamic";

/** For `next start`; Tessera's server answers /metrics itself with the same handler. */
export async function GET(request: Request) {
  return toWebResponse(await handleMetricsRequest(fromWebRequest(request)));
}
