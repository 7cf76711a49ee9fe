const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? "—" : JSON.stringify(v, null, 2));

/** The keys whose values differ between `before` and `after`, in a stable order. */
export function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** An event's metadata, pretty-printed; a before/after pair also gets a diff of the changed keys. */
export function AuditMetadata({ metadata }: { metadata: unknown }) {
  if (metadata === null || metadata === undefined) return <p className="text-sm text-muted-foreground">No metadata.</p>;
  const diff = isRecord(metadata) && isRecord(metadata.before) && isRecord(metadata.after) ? { before: metadata.before, after: metadata.after } : null;
  const keys = diff ? changedKeys(diff.before, diff.after) : [];
  return (
    <div className="space-y-3">
      {diff ? (
        <table className="w-full table-fixed border text-xs" aria-label="Changes">
          <thead className="bg-muted text-left">
            <tr>
              <th className="w-1/4 p-2 font-medium">Field</th>
              <th className="p-2 font-medium">Before</th>
              <th className="p-2 font-medium">After</th>
            </tr>
          </thead>
          <tbody>
            {keys.length === 0 ? (
              <tr>
                <td colSpan={3} className="p-2 text-muted-foreground">
                  No field changed.
                </td>
              </tr>
            ) : (
              keys.map((k) => (
                <tr key={k} className="border-t align-top">
                  <th scope="row" className="p-2 text-left font-mono font-normal">
                    {k}
                  </th>
                  <td className="p-2">
                    <pre className="font-mono whitespace-pre-wrap break-all text-destructive">{show(diff.before[k])}</pre>
                  </td>
                  <td className="p-2">
                    <pre className="font-mono whitespace-pre-wrap break-all text-success">{show(diff.after[k])}</pre>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      ) : null}
      <pre aria-label="Metadata" className="max-h-72 overflow-auto rounded-md bg-muted p-2 font-mono text-xs">
        {JSON.stringify(metadata, null, 2)}
      </pre>
    </div>
  );
}
