import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from "node:dns";
import { addressRefusal, type AddressPolicy } from "./address-policy";

export type Resolver = (hostname: string, options: LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;
type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A name resolved only to addresses the policy refuses: the connection is never made. */
export class AddressRefusedError extends Error {
  override readonly name = "AddressRefusedError";
  readonly code = "EADDRREFUSED";
}

/**
 * The `lookup` of node's http(s).request: resolves the host name, refuses it when any address it
 * resolves to is one the policy does not allow, and hands the socket exactly the addresses it
 * checked. Checking the name first and letting the socket resolve it again would let DNS answer
 * differently the second time (rebinding); here there is no second time.
 */
export function guardedLookup(policy: AddressPolicy, resolve: Resolver = dnsLookup) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.map((entry) => addressRefusal(entry.address, policy)).find((reason) => reason !== null);
      if (refused) return callback(new AddressRefusedError(`${hostname} resolves to ${refused}`), []);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`${hostname} resolves to no address`), { code: "ENOTFOUND" }), []);
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
}
