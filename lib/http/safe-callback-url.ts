/** Only same-site paths are followed after sign-in: no open redirects. */
export function safeCallbackUrl(value: unknown, fallback = "/"): string {
  const s = typeof value === "string" ? value : "";
  return s.startsWith("/") && !s.startsWith("//") && !s.startsWith("/\\") ? s : fallback;
}
