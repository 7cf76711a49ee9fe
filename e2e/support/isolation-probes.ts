import { api, BASE } from "./api-client";
import { callAction } from "./server-actions";
import type { World } from "./isolation-world";

// The request kinds of the isolation matrix. Each attempt is sent twice:
// with organisation A's credential (its owner's session cookie, or its API
// token and API key) and with none. What it must answer is stated per
// attempt; by default A is refused (403/404) and nobody is 401.

/** What came back, reduced to what the matrix judges: a status and the bytes a client sees. */
export interface Reply {
  status: number;
  text: string;
  /** Everything the request carried; a reply may echo it back (it is not B's data then). */
  sent: string;
}

export type Credential =
  | { kind: "anonymous" }
  | { kind: "session"; cookie: string }
  | { kind: "bearer"; label: "token" | "API key"; value: string };

export type Outcome = { statuses: number[]; why?: string } | { check: (r: Reply, w: World) => Promise<string | null> | string | null; why: string };

export interface Attempt {
  what: string;
  /** Which of A's credentials apply: the console's cookie, or the API's bearer (token and API key). */
  via: "session" | "bearer" | "oauth";
  send(c: Credential, w: World): Promise<Reply>;
  /** With A's credential; default: refused, 403 or 404. */
  signedIn?: Outcome;
  /** With none; default: 401 (a page redirects to sign-in, which counts as 401). */
  anonymous?: Outcome;
  /** Skip the anonymous send (a call that would act on A's own shared session). */
  signedInOnly?: boolean;
  anonymousOnly?: boolean;
}

export type Case = (w: World) => Attempt[];

export const REFUSED: Outcome = { statuses: [403, 404] };
export const UNAUTHENTICATED: Outcome = { statuses: [401] };
/** A public entry point: any answer but a server error, and never B's data. */
export const PUBLIC = (why: string): Outcome => ({ check: (r) => (r.status < 500 ? null : `answered ${r.status}`), why });
/** Within A's own organisation, naming B's things: A's (empty) view, never B's data. */
export const OWN_VIEW = (why = "A's own organisation, filtered by B's value: only A's data, or a refusal of the value"): Outcome => ({ statuses: [200, 400, 404, 422], why });

/** What a request carried, raw and URL-decoded: an echo of either is not a leak. */
function sentText(raw: string): string {
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    // keep the raw form only
  }
  return `${raw}\n${decoded}`;
}

/** JSON.stringify replacer that shows a FormData argument's fields. */
const formEntries = (_key: string, value: unknown) => (value instanceof FormData ? Object.fromEntries(value.entries()) : value);

const cookieOf = (c: Credential) => (c.kind === "session" ? c.cookie : undefined);

/** GET a console page, as HTML or as the RSC payload a client-side navigation fetches. */
export function page(what: string, path: (w: World) => string, outcomes: Pick<Attempt, "signedIn" | "anonymous"> = {}): Case {
  return (w) =>
    [false, true].map((rsc) => ({
      what: `${what}${rsc ? " (RSC payload)" : ""}`,
      via: "session" as const,
      ...outcomes,
      async send(c) {
        const url = path(w);
        const cookie = cookieOf(c);
        const headers = { ...(cookie ? { Cookie: cookie } : {}), ...(rsc ? { RSC: "1" } : {}) };
        let response = await fetch(`${BASE}${url}`, { headers, redirect: "manual" });
        // Next.js first sends an RSC request to the same URL with its cache-busting `_rsc` parameter.
        const busting = response.headers.get("location");
        if (rsc && busting?.includes("_rsc")) response = await fetch(new URL(busting, BASE), { headers, redirect: "manual" });
        const text = await response.text();
        const location = response.headers.get("location") ?? "";
        // A page's way of saying 401: off to the sign-in page.
        let status = response.status >= 300 && response.status < 400 && location.includes("/sign-in") ? 401 : response.status;
        // An RSC payload is streamed with 200: a 404 or a sign-in redirect is written inside it.
        if (rsc && status === 200) {
          const fallback = /NEXT_HTTP_ERROR_FALLBACK;(\d{3})/.exec(text);
          if (fallback) status = Number(fallback[1]);
          else if (/NEXT_REDIRECT;[a-z]+;\/sign-in/.test(text)) status = 401;
        }
        return { status, text: `${location}\n${text}`, sent: sentText(url) };
      },
    }));
}

type ActionAttempt = { what: string; args: (w: World) => unknown[]; params?: (w: World) => Record<string, string> } & Pick<
  Attempt,
  "signedIn" | "anonymous" | "signedInOnly" | "anonymousOnly"
>;

/**
 * Call a Server Action with its arguments, posted to a page of A's that
 * holds it; the status is its ActionResult's (401/403/404…), as the HTTP
 * status of an action that ran is always 200.
 */
export function action(key: string, attempts: ActionAttempt[]): Case {
  return (w) =>
    attempts.map((a) => ({
      what: a.what,
      via: "session" as const,
      signedIn: a.signedIn,
      anonymous: a.anonymous,
      signedInOnly: a.signedInOnly,
      anonymousOnly: a.anonymousOnly,
      async send(c) {
        const args = a.args(w);
        const params = { org: w.a.slug, clientId: w.a.clientId, token: "not-a-token", ...a.params?.(w) };
        const answer = await callAction(key, args, { cookie: cookieOf(c), params });
        const redirect = answer.headers.get("x-action-redirect") ?? answer.headers.get("location") ?? "";
        const status = answer.result?.status ?? (answer.result?.ok ? 200 : redirect.includes("/sign-in") ? 401 : answer.httpStatus);
        return { status, text: `${redirect}\n${answer.text}`, sent: sentText(JSON.stringify([args, params], formEntries)) };
      },
    }));
}

/** Management API requests with A's token or API key as the bearer. */
export function apiCase(
  attempts: ({ what: string; method: string; path: (w: World) => string; body?: (w: World) => unknown; headers?: Record<string, string> } & Pick<Attempt, "signedIn" | "anonymous">)[],
): Case {
  return (w) =>
    attempts.map((a) => ({
      what: a.what,
      via: "bearer" as const,
      signedIn: a.signedIn,
      anonymous: a.anonymous,
      async send(c) {
        const path = a.path(w);
        const body = a.body?.(w);
        const r = await api(c.kind === "bearer" ? c.value : null, a.method, path, { body, headers: a.headers });
        return { status: r.status, text: r.text, sent: sentText(`${path} ${JSON.stringify(body ?? null)}`) };
      },
    }));
}

/** Any other HTTP request (route handlers). `c` is A's session cookie, or nothing. */
export function request(
  what: string,
  build: (w: World, c: Credential) => { path: string; init: RequestInit },
  outcomes: Partial<Pick<Attempt, "signedIn" | "anonymous" | "via">> = {},
): Case {
  return (w) => [
    {
      what,
      via: outcomes.via ?? "session",
      signedIn: outcomes.signedIn,
      anonymous: outcomes.anonymous,
      async send(c) {
        const { path, init } = build(w, c);
        const response = await fetch(`${BASE}${path}`, { redirect: "manual", ...init });
        return { status: response.status, text: `${response.headers.get("location") ?? ""}\n${await response.text()}`, sent: sentText(`${path} ${String(init.body ?? "")}`) };
      },
    },
  ];
}

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
export const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
