/** Where Roster publishes its keys and answers introspection, under its issuer. */
export const ROSTER_PATHS = {
  jwks: "/.well-known/jwks.json",
  introspection: "/oauth/introspect",
} as const;

/** A token's `aud`: Roster's access tokens are for Roster's API and the services that trust it. */
export const ROSTER_AUDIENCE = "roster";

/**
 * The issuer as Roster writes it in `iss`: its `ROSTER_PUBLIC_URL`, which Roster keeps without
 * a trailing slash. Anything else must match exactly (`localhost` is not `127.0.0.1`).
 */
export function issuerOf(issuer: string): string {
  const trimmed = issuer.replace(/\/+$/, "");
  if (!URL.canParse(trimmed) || !/^https?:$/.test(new URL(trimmed).protocol)) throw new TypeError(`The Roster issuer must be an http(s) URL, such as https://roster.example.com; got ${JSON.stringify(issuer)}.`);
  return trimmed;
}

export const endpointOf = (issuer: string, path: string, override?: string | URL): URL => new URL(override ?? `${issuer}${path}`);
