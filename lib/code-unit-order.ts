/**
 * Strings in UTF-16 code-unit order, the order Array.prototype.sort gives
 * them and the same on every machine (no locale): for lock orders, which two
 * processes must agree on, and for lists shown in a fixed order.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
