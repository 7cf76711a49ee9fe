import { createRequire } from "node:module";
import { BASE } from "./api-client";
import { serverActions, type ServerActionRef } from "./surface";

// Calling a Server Action the way a browser does, without a browser: its id
// from the build's manifest in the Next-Action header, its arguments
// encoded by React's own client encoder (encodeReply: JSON, or multipart when
// an argument is FormData), posted to a page that holds it. A forged call is
// exactly this with someone else's arguments or cookie.

const require = createRequire(import.meta.url);
const { encodeReply } = require("next/dist/compiled/react-server-dom-webpack/client.node") as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

let byKey: Map<string, ServerActionRef> | undefined;

/** `app/(console)/[org]/scopes/actions.ts#createScopeAction` → its id and page. */
export function actionRef(key: string): ServerActionRef {
  byKey ??= new Map(serverActions().map((a) => [a.key.replace(/^action /, ""), a]));
  const ref = byKey.get(key.replace(/^action /, ""));
  if (!ref) throw new Error(`no Server Action ${key} in the build`);
  return ref;
}

export interface ActionAnswer {
  /** HTTP status of the POST (200 whenever the action ran, whatever it decided). */
  httpStatus: number;
  headers: Headers;
  /** The action's return value (null when it redirected or threw). */
  result: { ok?: boolean; status?: number; error?: string; data?: unknown; reauthenticate?: string } | null;
  text: string;
}

/** Fills `[org]`-style segments of a page pattern. */
export const fillPattern = (pattern: string, params: Record<string, string>) =>
  pattern.replace(/\[(\w+)\]/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`no value for [${name}] in ${pattern}`);
    return encodeURIComponent(params[name]!);
  });

/**
 * The action's return value out of the RSC answer: row 0 names the row that
 * holds it (`"a":"$@N"`), and row N is its JSON.
 */
export function actionResult(text: string): ActionAnswer["result"] {
  const rows = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  const head = rows.get("0");
  if (!head) return null;
  try {
    const a = (JSON.parse(head) as { a?: string }).a;
    const row = a?.startsWith("$@") ? rows.get(a.slice(2)) : undefined;
    return row ? JSON.parse(row) : null;
  } catch {
    return null;
  }
}

export async function callAction(
  key: string,
  args: unknown[],
  options: { cookie?: string; params?: Record<string, string>; headers?: Record<string, string>; base?: string } = {},
): Promise<ActionAnswer> {
  const ref = actionRef(key);
  const base = options.base ?? BASE;
  const body = await encodeReply(args);
  const headers: Record<string, string> = {
    "Next-Action": ref.id,
    Accept: "text/x-component",
    // What a browser on the console's own page sends; callers override it to forge.
    Origin: new URL(base).origin,
    ...(typeof body === "string" ? { "Content-Type": "text/plain;charset=UTF-8" } : {}),
    ...(options.cookie ? { Cookie: options.cookie } : {}),
    ...options.headers,
  };
  for (const [k, v] of Object.entries(headers)) if (v === "") delete headers[k];
  const response = await fetch(`${base}${fillPattern(ref.page, options.params ?? {})}`, { method: "POST", headers, body, redirect: "manual" });
  const text = await response.text();
  return { httpStatus: response.status, headers: response.headers, result: actionResult(text), text };
}

/** Builds the FormData argument of actions that take a form. */
export function formData(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}
