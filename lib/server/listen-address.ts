/**
 * Where Tessera's server listens (PORT, HOST) and the address it is reached
 * at from this machine. Next.js needs the latter even when it runs behind our
 * server: a Server Action that redirects within the app fetches the target
 * page from that origin (its "initURL"), and without one it assumes port 3000.
 */
export function listenAddress(env: NodeJS.ProcessEnv = process.env) {
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? "0.0.0.0";
  /** A wildcard address is reached as localhost. */
  const reachableHost = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  return { port, host, reachableHost };
}
