"use client";

import { RouteError } from "@/components/service-accounts/route-error";

export default function ScopesError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <RouteError {...props} what="the scope catalog" />;
}
