/**
 * State that must be one per process. Tessera's server bundles lib/ once and
 * Next.js bundles it again for its routes, so module-level state would exist
 * twice in one process (and again after each dev reload). Queues, counters
 * and caches that the server must flush at shutdown live here instead.
 */
const registry = globalThis as unknown as { tesseraState?: Map<string, unknown> };

export function processState<T>(name: string, init: () => T): T {
  registry.tesseraState ??= new Map();
  if (!registry.tesseraState.has(name)) registry.tesseraState.set(name, init());
  return registry.tesseraState.get(name) as T;
}
