import { requestContextFrom } from "@/lib/http/request-context";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";

export const dynamic = "force-dynamic";

/** RFC 6749 §4.4 client_credentials. The client authenticates itself in the request. */
export function POST(request: Request) {
  return handleTokenRequest(request, requestContextFrom(request.headers));
}
