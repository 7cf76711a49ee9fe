import { checkDatabase } from "@/lib/health";

export const dynamic = "force-dynamic";

/** Readiness: 200 when the database answers, 503 otherwise. Public by design; reveals nothing. */
export async function GET() {
  const ok = await checkDatabase();
  return Response.json(
    { status: ok ? "ok" : "unavailable", database: ok ? "up" : "down" },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
