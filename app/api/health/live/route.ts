export const dynamic = "force-dynamic";

/** Liveness: the process answers; the database is not consulted. */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
