/**
 * Before/after of the fields an update really changes, for audit metadata;
 * null when nothing changes. Arrays compare as sets of values in order.
 */
export function changedFields<T extends Record<string, unknown>>(current: T, next: Partial<T>) {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined) continue;
    if (JSON.stringify(current[key]) === JSON.stringify(value)) continue;
    before[key] = current[key];
    after[key] = value;
  }
  return Object.keys(after).length ? { before, after } : null;
}
