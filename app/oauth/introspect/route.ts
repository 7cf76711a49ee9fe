import { requestContextFrom } from "@/lib/http/request-context";
import { handleIntrospection } from "@/lib/oauth/introspection";

export const dynamic = "force-dynamic";

/** RFC 7662; the caller authenticates as a service account holding tessera:introspect. */
export function POST(request: Request) {
  return handleIntrospection(request, requestContextFrom(request.headers));
}
