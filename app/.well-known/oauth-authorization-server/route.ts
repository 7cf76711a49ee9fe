import { authorizationServerMetadata } from "@/lib/oauth/metadata";

export const dynamic = "force-dynamic";

/** RFC 8414 metadata: public, cacheable. */
export async function GET() {
  return Response.json(await authorizationServerMetadata(), { headers: { "Cache-Control": "public, max-age=300" } });
}
