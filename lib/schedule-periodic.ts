/**
 * Run `task` every `seconds` in this server process: once per process
 * however often it is scheduled (`name` marks it on globalThis, which Next.js
 * shares between its bundles), never two runs at a time, the first after
 * `firstRunMs` or one period if that is shorter. A failed run is logged and
 * the next one tries again. Timers never keep the process alive.
 */
export function schedulePeriodic(name: string, seconds: number, firstRunMs: number, task: () => Promise<void>) {
  const started = Symbol.for(`tessera.${name}`);
  const g = globalThis as { [key: symbol]: boolean | undefined };
  if (!seconds || g[started]) return;
  g[started] = true;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await task();
    } catch (e) {
      console.error(`[tessera] ${name} failed`, e);
    } finally {
      running = false;
    }
  };
  setTimeout(() => void tick(), Math.min(firstRunMs, seconds * 1000)).unref();
  setInterval(() => void tick(), seconds * 1000).unref();
}
