import { Badge } from "@/components/ui/badge";

type Json = Record<string, unknown>;

export interface DocOperation {
  method: string;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  security: Json[];
  parameters: { name: string; in: string; required: boolean; description?: string; schema: Json }[];
  requestBody?: { content: Record<string, { schema: Json }> };
  responses: Record<string, Json>;
}

const METHOD_STYLE: Record<string, string> = {
  GET: "bg-sky-600 text-white",
  POST: "bg-emerald-600 text-white",
  PATCH: "bg-amber-600 text-white",
  DELETE: "bg-red-600 text-white",
};

/** A schema as readable JSON, references shown by name. */
function SchemaBlock({ schema, label }: { schema: Json; label: string }) {
  return (
    <details className="rounded-md border">
      <summary className="cursor-pointer px-3 py-2 text-sm">{label}</summary>
      <pre className="max-h-80 overflow-auto border-t bg-muted p-3 font-mono text-xs leading-relaxed">{JSON.stringify(schema, null, 2)}</pre>
    </details>
  );
}

const refName = (schema: Json | undefined) => (typeof schema?.$ref === "string" ? schema.$ref.split("/").at(-1) : null);

/** One operation of the OpenAPI document, rendered on the server from the document itself. */
export function OperationCard({ op, schemas }: { op: DocOperation; schemas: Record<string, Json> }) {
  const scopes = [...new Set(op.security.flatMap((s) => Object.values(s).flat() as string[]))];
  const body = op.requestBody?.content["application/json"]?.schema;
  return (
    <section id={op.operationId} aria-labelledby={`${op.operationId}-title`} className="space-y-3 rounded-lg border p-4">
      <h3 id={`${op.operationId}-title`} className="flex flex-wrap items-center gap-2 font-mono text-sm">
        <span className={`rounded px-2 py-0.5 text-xs font-semibold ${METHOD_STYLE[op.method] ?? ""}`}>{op.method}</span>
        <span>/api/v1{op.path}</span>
      </h3>
      <p className="text-sm font-medium">{op.summary}</p>
      {op.description ? <p className="text-sm text-muted-foreground">{op.description}</p> : null}
      <p className="flex flex-wrap items-center gap-1 text-xs text-muted-foreground">
        Scope:{" "}
        {scopes.map((s) => (
          <Badge key={s} variant="outline" className="font-mono">
            {s}
          </Badge>
        ))}
      </p>
      {op.parameters.length ? (
        <table className="w-full text-left text-xs">
          <thead className="text-muted-foreground">
            <tr>
              <th className="py-1 pr-3 font-medium">Parameter</th>
              <th className="py-1 pr-3 font-medium">In</th>
              <th className="py-1 font-medium">Schema</th>
            </tr>
          </thead>
          <tbody>
            {op.parameters.map((p) => (
              <tr key={`${p.in}-${p.name}`} className="border-t align-top">
                <td className="py-1 pr-3 font-mono">
                  {p.name}
                  {p.required ? " *" : ""}
                </td>
                <td className="py-1 pr-3">{p.in}</td>
                <td className="py-1 font-mono break-all">
                  {JSON.stringify(p.schema)}
                  {p.description ? <span className="block font-sans text-muted-foreground">{p.description}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {body ? <SchemaBlock label={`Request body${refName(body) ? `: ${refName(body)}` : ""}`} schema={body} /> : null}
      <ul className="space-y-1 text-xs">
        {Object.entries(op.responses).map(([status, response]) => {
          const ref = refName(response);
          const resolved = ref ? (schemas[`response:${ref}`] ?? response) : response;
          const content = (resolved.content as Record<string, { schema: Json }> | undefined)?.["application/json"]?.schema;
          return (
            <li key={status} className="flex flex-wrap gap-2">
              <span className="font-mono font-semibold">{status}</span>
              <span className="text-muted-foreground">{String(resolved.description ?? "")}</span>
              {content && refName(content) ? <span className="font-mono">→ {refName(content)}</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
