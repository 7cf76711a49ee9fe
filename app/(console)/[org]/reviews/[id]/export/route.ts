import { isAppError } from "@/lib/errors";
import { currentSession } from "@/lib/auth/current-session";
import { userActor } from "@/lib/auth/actor";
import { exportAccessReview } from "@/lib/access-reviews/export-access-review";
import { crossOriginRefusal, isSameOriginRequest } from "@/lib/http/same-origin-request";

export const dynamic = "force-dynamic";

/**
 * A closed access review as a CSV download, for members who may read
 * reviews (others get 404). A POST from the review page's form, checked to
 * come from the console's own origin, like the audit export.
 */
export async function POST(request: Request, { params }: { params: Promise<{ org: string; id: string }> }) {
  if (!isSameOriginRequest(request.headers)) return crossOriginRefusal();
  const session = await currentSession();
  if (!session) return new Response("Sign in first", { status: 401 });
  const { org, id } = await params;
  try {
    const { text, filename, contentType } = await exportAccessReview(await userActor(session), org, id);
    return new Response(text, { headers: { "Content-Type": contentType, "Cache-Control": "no-store", "Content-Disposition": `attachment; filename="${filename}"` } });
  } catch (e) {
    if (isAppError(e)) return new Response(e.userMessage, { status: e.code === "forbidden" || e.code === "validation_failed" ? 404 : e.status });
    throw e;
  }
}
