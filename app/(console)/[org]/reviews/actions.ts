"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { startAccessReview } from "@/lib/access-reviews/start-access-review";
import { decideAccessReview } from "@/lib/access-reviews/decide-access-review";
import { closeAccessReview } from "@/lib/access-reviews/close-access-review";
import { setReviewCadence } from "@/lib/access-reviews/set-review-cadence";

// Thin adapters: each domain function authorises the acting user itself
// (deciding: REVIEWER, ADMIN, OWNER; starting, closing, the cadence: ADMIN, OWNER).

export async function startAccessReviewAction(orgSlug: string) {
  const result = await runAction((actor) => startAccessReview(actor, orgSlug));
  if (result.ok) revalidatePath(`/${orgSlug}/reviews`);
  return result;
}

export async function decideAccessReviewAction(orgSlug: string, reviewId: string, itemId: string, decision: "keep" | "remove") {
  const result = await runAction((actor) => decideAccessReview(actor, orgSlug, reviewId, { itemId, decision }));
  if (result.ok) revalidatePath(`/${orgSlug}/reviews/${reviewId}`);
  return result;
}

export async function closeAccessReviewAction(orgSlug: string, reviewId: string) {
  const result = await runAction((actor) => closeAccessReview(actor, orgSlug, reviewId));
  if (result.ok) {
    revalidatePath(`/${orgSlug}/reviews`);
    revalidatePath(`/${orgSlug}`);
  }
  return result;
}

export async function setReviewCadenceAction(orgSlug: string, days: string) {
  const result = await runAction((actor) => setReviewCadence(actor, orgSlug, { days }));
  if (result.ok) revalidatePath(`/${orgSlug}/reviews`);
  return result;
}
