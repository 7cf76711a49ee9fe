import { randomUUID } from "node:crypto";
import { errorJson } from "@/lib/api/errors";

export const dynamic = "force-dynamic";

/** Any other path under /api/v1 answers in the API's error shape, not with the console's HTML 404 page. */
function unknownEndpoint(request: Request) {
  const requestId = request.headers.get("x-request-id")?.slice(0, 100) ?? randomUUID();
  return errorJson(404, "not_found", "No such endpoint; see /api/v1/openapi.json", requestId);
}

export { unknownEndpoint as GET, unknownEndpoint as POST, unknownEndpoint as PATCH, unknownEndpoint as PUT, unknownEndpoint as DELETE };
