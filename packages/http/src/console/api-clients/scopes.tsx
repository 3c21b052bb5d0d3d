import { SCOPES, type Scope } from "@roster/core";

/** What each scope lets a client do, said beside its box (the box itself is named by the scope, as the API spells it). */
const SCOPE_HINTS: Record<Scope, string> = {
  "users:read": "Read the workspace's people.",
  "users:write": "Invite, change and remove people.",
  "memberships:read": "Read who has access to which tenant.",
  "memberships:write": "Grant, change and revoke tenant access; invite client users.",
  "tenants:read": "Read tenants.",
  "tenants:write": "Create tenants.",
  "audit:read": "Read the audit log.",
  "api-clients:read": "Read API clients (never change them).",
  "tokens:introspect": "Ask whether a token is active, and what its holder reaches now (POST /oauth/introspect).",
};

/** The scopes as checkboxes, a fieldset named "Scopes"; the reason a choice was refused is announced with the group. */
export function ScopeBoxes({ idPrefix, checked, error }: { idPrefix: string; checked: readonly string[]; error?: string | undefined }) {
  const errorId = `${idPrefix}-scopes-error`;
  return (
    <fieldset class={`scopes${error ? " field-invalid" : ""}`} aria-describedby={error ? errorId : undefined}>
      <legend>Scopes</legend>
      <ul class="scope-list">
        {SCOPES.map((scope) => {
          const id = `${idPrefix}-scope-${scope.replace(":", "-")}`;
          return (
            <li>
              <input type="checkbox" id={id} name="scopes" value={scope} checked={checked.includes(scope)} aria-describedby={`${id}-hint`} />
              <label for={id}>{scope}</label>
              <span id={`${id}-hint`} class="hint">
                {SCOPE_HINTS[scope]}
              </span>
            </li>
          );
        })}
      </ul>
      {error ? (
        <p id={errorId} class="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
