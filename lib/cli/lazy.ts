/**
 * A domain function loaded on first call. The CLI's command definitions stay
 * light this way: `tessera --help` (and every command's own help) loads
 * commander and these definitions only, never Prisma, jose or the database
 * drivers, which the built CLI puts in chunks of their own.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AsyncFn = (...args: any[]) => Promise<unknown>;

export function lazy<M extends { [P in K]: AsyncFn }, K extends keyof M & string>(load: () => Promise<M>, name: K): M[K] {
  return (async (...args: Parameters<M[K]>) => (await load())[name](...args)) as M[K];
}
