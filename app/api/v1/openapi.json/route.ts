import { issuer } from "@/lib/env";
import { buildOpenApiDocument } from "@/lib/api/openapi";

export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 document, generated from the operations' zod schemas; public, like any API description. */
export function GET() {
  return Response.json(buildOpenApiDocument(issuer()), { headers: { "Cache-Control": "no-cache" } });
}
