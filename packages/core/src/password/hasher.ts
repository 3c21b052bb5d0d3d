import type { Options } from "@node-rs/argon2";
import { loadOnce } from "../load-once";

/*
 * The native module is opened on the first hash or check, not when the code loads: most requests
 * (and a cold start) never hash, and loading the addon costs a cold start several milliseconds.
 */
const argon2 = loadOnce(() => import("@node-rs/argon2"));

/** Password hashing as a port: argon2id, at OWASP's cost in every runtime. */
export type PasswordHasher = {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
};

/** What one hash costs: memory in KiB and passes (one lane always). */
export type Argon2Cost = { memoryCost: number; timeCost: number };

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
export const OWASP_COST: Argon2Cost = { memoryCost: 19 * 1024, timeCost: 2 };

/**
 * argon2id at a given cost. A hash carries its own parameters, so `verify` checks any hash made
 * at any cost: tests whose subject is not the hash use a cheap one for the people they set up.
 */
export function argon2idHasherAt(cost: Argon2Cost): PasswordHasher {
  // `algorithm: 2` is Argon2id (the package's const enum cannot be imported under isolated modules).
  const options: Options = { algorithm: 2, parallelism: 1, ...cost };
  return {
    hash: async (password) => (await argon2()).hash(password, options),
    verify: async (passwordHash, password) => (await argon2()).verify(passwordHash, password),
  };
}

export const argon2idHasher: PasswordHasher = argon2idHasherAt(OWASP_COST);
