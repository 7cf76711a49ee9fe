/** "24h", "30m", "7d", "0", or plain seconds → seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a duration like 0, 90s, 30m, 24h or 7d`);
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  return Number(m[1]) * unit;
}
