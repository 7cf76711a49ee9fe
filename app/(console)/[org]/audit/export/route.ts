import { headers } from "next/headers";
import { isAppError } from "@/lib/errors";
import { currentSession } from "@/lib/auth/current-session";
import { userActor } from "@/lib/auth/actor";
import { exportAuditEvents } from "@/lib/audit/export-audit-events";
import { streamLines } from "@/lib/stream-lines";

export const dynamic = "force-dynamic";

/** Streams the filtered audit trail as a download; members only (others get 404). */
export async function GET(request: Request, { params }: { params: Promise<{ org: string }> }) {
  await headers();
  const session = await currentSession();
  if (!session) return new Response("Sign in first", { status: 401 });
  const { org } = await params;
  const query = Object.fromEntries(new URL(request.url).searchParams);
  try {
    return streamLines(await exportAuditEvents(await userActor(session), org, query));
  } catch (e) {
    if (isAppError(e)) return new Response(e.userMessage, { status: e.code === "forbidden" ? 404 : e.status });
    throw e;
  }
}
