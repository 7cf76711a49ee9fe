import { webDoor } from "@/lib/oauth/routes";

export const dynamic = "force-dynamic";

/** RFC 8414 metadata; the same handler Tessera's server calls (lib/oauth/routes.ts). */
export const GET = webDoor("/.well-known/oauth-authorization-server");
