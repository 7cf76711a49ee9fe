import { currentSigningKey, jwks } from "@/lib/oauth/signing-keys";

export const dynamic = "force-dynamic";

/** Public signing keys. Short cache: a rotated-in key is published well before it signs. */
export async function GET() {
  await currentSigningKey(); // a fresh installation publishes its first key before any token exists
  return Response.json(await jwks(), { headers: { "Cache-Control": "public, max-age=300" } });
}
