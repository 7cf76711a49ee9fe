import { webDoor } from "@/lib/oauth/routes";

export const dynamic = "force-dynamic";

/** Public signing keys; the same handler Tessera's server calls (lib/oauth/routes.ts). */
export const GET = webDoor("/.well-known/jwks.json");
