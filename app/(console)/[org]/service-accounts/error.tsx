"use client";

import { RouteError } from "@/components/service-accounts/route-error";

export default function ServiceAccountsError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <RouteError {...props} what="service accounts" />;
}
