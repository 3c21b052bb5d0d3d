import { hash, verify, type Options } from "@node-rs/argon2";

/** Password hashing as a port: argon2id in production and in tests alike (it is fast enough). */
export type PasswordHasher = {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
};

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
// `algorithm: 2` is Argon2id (the package's const enum cannot be imported under isolated modules).
const OPTIONS: Options = { algorithm: 2, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };

export const argon2idHasher: PasswordHasher = {
  hash: (password) => hash(password, OPTIONS),
  verify: (passwordHash, password) => verify(passwordHash, password),
};
