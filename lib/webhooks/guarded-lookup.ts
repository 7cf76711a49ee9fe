import dns, { type LookupAddress, type LookupOptions } from "node:dns";
import { isPublicAddress } from "./is-public-address";

export class PrivateAddressError extends Error {
  readonly code = "EPRIVATEADDRESS";
  constructor(readonly hostname: string, readonly address: string) {
    super(`refused: ${hostname} resolves to ${address}, a private, loopback or link-local address`);
  }
}

type Resolve = (hostname: string, options: LookupOptions & { all: true }, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;
type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request / net.connect that refuses to hand the socket
 * any address that is not public. It runs when the connection is made, on
 * the addresses the connection will use, so a name that resolved to a
 * public address when the endpoint was saved (or a moment ago) and to an
 * internal one now (DNS rebinding) is still refused. If any address of the
 * name is not public the whole name is refused: the socket may try them all.
 */
export function createGuardedLookup(resolve: Resolve = dns.lookup as unknown as Resolve) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const refused = addresses.find((a) => !isPublicAddress(a.address));
      if (refused) return callback(new PrivateAddressError(hostname, refused.address) as unknown as NodeJS.ErrnoException, []);
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}
