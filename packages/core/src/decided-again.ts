import { isDomainError, RequestError } from "./error";

/**
 * Another change landed between a decision's reads and its transaction (an admin's deactivation,
 * a second sign-in, a group renamed): the decision is taken again on the state as it is now,
 * rather than written over it.
 */
export class Raced extends Error {
  override readonly name = "Raced";
}
export const raced = () => new Raced("changed meanwhile");

const ATTEMPTS = 3;

/**
 * `once` (reads, then one conditioned transaction) run again while it loses a race: a `Raced`, a
 * 409 `request.conflict`, or a domain error named in `alsoRaces` (a verb's own "changed meanwhile").
 * Still losing after three attempts, the caller hears 409 `request.conflict` (or the verb's own error).
 */
export async function decidedAgain<T>(once: () => Promise<T>, alsoRaces: readonly string[] = []): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once();
    } catch (error) {
      const race = error instanceof Raced || isDomainError(error, "request.conflict") || alsoRaces.some((code) => isDomainError(error, code));
      if (!race || attempt >= ATTEMPTS) throw error instanceof Raced ? RequestError.conflict() : error;
    }
  }
}
