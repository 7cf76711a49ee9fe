import { requestContextFrom } from "@/lib/http/request-context";
import { handleRevocation } from "@/lib/oauth/revocation";

export const dynamic = "force-dynamic";

/** RFC 7009; a client revokes its own tokens and API keys. */
export function POST(request: Request) {
  return handleRevocation(request, requestContextFrom(request.headers));
}
