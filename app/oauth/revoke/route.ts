import { webDoor } from "@/lib/oauth/routes";

export const dynamic = "force-dynamic";

// The same handler Tessera's server calls before Next.js routes a request (lib/oauth/routes.ts);
// every method reaches it, so a wrong one gets the same JSON 405 through either door.
const door = webDoor("/oauth/revoke");
export { door as POST, door as GET, door as PUT, door as PATCH, door as DELETE };
