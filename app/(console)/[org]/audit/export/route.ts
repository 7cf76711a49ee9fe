import { headers } from "next/headers";
import { isAppError } from "@/lib/errors";
import { currentSession } from "@/lib/auth/current-session";
import { userActor } from "@/lib/auth/actor";
import { exportAuditEvents } from "@/lib/audit/export-audit-events";

export const dynamic = "force-dynamic";

/** Streams the filtered audit trail as a download; members only (others get 404). */
export async function GET(request: Request, { params }: { params: Promise<{ org: string }> }) {
  await headers();
  const session = await currentSession();
  if (!session) return new Response("Sign in first", { status: 401 });
  const { org } = await params;
  const query = Object.fromEntries(new URL(request.url).searchParams);
  try {
    const { lines, filename, contentType } = await exportAuditEvents(await userActor(session), org, query);
    const encoder = new TextEncoder();
    const iterator = lines();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await iterator.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        "Content-Type": contentType,
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    if (isAppError(e)) return new Response(e.userMessage, { status: e.code === "forbidden" ? 404 : e.status });
    throw e;
  }
}
