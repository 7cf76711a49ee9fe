import { isAppError } from "@/lib/errors";
import { currentSession } from "@/lib/auth/current-session";
import { userActor } from "@/lib/auth/actor";
import { exportAuditEvents } from "@/lib/audit/export-audit-events";
import { crossOriginRefusal, isSameOriginRequest } from "@/lib/http/same-origin-request";
import { streamLines } from "@/lib/stream-lines";

export const dynamic = "force-dynamic";

/**
 * Streams the filtered audit trail as a download; members only (others get
 * 404). A POST from the audit page's form, never a GET: the export records an
 * `audit.exported` event, and a link on another site must not be able to
 * cause one. GET answers 405 (only POST is exported here).
 */
export async function POST(request: Request, { params }: { params: Promise<{ org: string }> }) {
  if (!isSameOriginRequest(request.headers)) return crossOriginRefusal();
  const session = await currentSession();
  if (!session) return new Response("Sign in first", { status: 401 });
  const { org } = await params;
  const query = await formFields(request);
  if (!query) return new Response("Send the export form", { status: 415 });
  try {
    return streamLines(await exportAuditEvents(await userActor(session), org, query));
  } catch (e) {
    if (isAppError(e)) return new Response(e.userMessage, { status: e.code === "forbidden" ? 404 : e.status });
    throw e;
  }
}

/** The form's text fields (the schema validates them); null when the body is not a form. */
async function formFields(request: Request): Promise<Record<string, string> | null> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return null;
  try {
    const form = await request.formData();
    return Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return null;
  }
}
