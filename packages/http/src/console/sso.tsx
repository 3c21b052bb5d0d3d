import { AuthError, isDomainError, Policy, Sso } from "@roster/core";
import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { TextArea } from "./api-clients/textarea";
import type { ConsoleEnv } from "./env";
import { redirectWithFlash, takeFlash } from "./flash";
import { formRefusal, parseForm, readCheckedForm, type FormErrors, type FormValues } from "./forms";
import { signedIn } from "./guard";
import { Shell, type Flash } from "./shell";
import { membershipLines, parseMappingLines, roleLines } from "./sso/mapping-lines";
import { Csrf, Field, FormError, When } from "./ui";

/**
 * `/console/sso`: the workspace's identity provider. SUPER_ADMINs set it up, change it and remove
 * it through the verbs `PUT` and `DELETE /v1/sso` call; VIEWERs read it.
 */
export const ssoPages = new Hono<ConsoleEnv>();

const PATH = "/console/sso";

type FormState = { values?: FormValues; errors?: FormErrors };

/** The page: the stored configuration (or none), and for a SUPER_ADMIN the form that changes it. */
async function render(c: Context<ConsoleEnv>, state: FormState = {}, status: ContentfulStatusCode = 200) {
  const { principal, csrf } = c.var;
  if (!Policy.can(principal, "sso:read")) throw AuthError.forbidden();
  const config = await Sso.get(c.var.deps, principal).catch((error: unknown) => {
    if (isDomainError(error, "sso.not_configured")) return undefined;
    throw error;
  });
  const writer = Policy.can(principal, "sso:manage");
  const values = state.values ?? (config ? valuesOf(config) : { groupsClaim: "groups" });
  const errors = state.errors ?? {};
  const flash: Flash | undefined = takeFlash(c);
  return c.html(
    <Shell title="Single sign-on" principal={principal} csrf={csrf} section={PATH} flash={flash}>
      <h1>Single sign-on</h1>
      <p class="lead">
        {config ? (
          <>
            People sign in through <strong>{config.issuer}</strong>
            {config.enforced ? ", and only there (the owner keeps password sign-in for emergencies)." : ", or with their password."} Their roles and tenants come from
            their groups at every sign-in.
          </>
        ) : (
          "Not set up: everyone signs in with a password and an authenticator."
        )}
      </p>
      {config ? (
        <section class="card" aria-labelledby="provider-title">
          <h2 id="provider-title">Register Roster with your provider</h2>
          <p class="hint">Create an OpenID Connect web application there with this redirect URI, and the groups claim in its ID token.</p>
          <p>
            <code>{config.redirectUri}</code>
          </p>
          <p class="hint">
            Last changed <When at={config.updatedAt} /> by {config.updatedBy.email}.
          </p>
        </section>
      ) : null}
      {writer ? (
        <section class="card" aria-labelledby="sso-form-title">
          <h2 id="sso-form-title">{config ? "Change single sign-on" : "Set up single sign-on"}</h2>
          <form method="post" action={PATH} novalidate>
            <Csrf token={csrf} />
            <FormError message={errors._form} />
            <Field label="Issuer" name="issuer" type="url" value={values.issuer} error={errors.issuer} hint="The provider's issuer URL: Roster reads its discovery document from there." required />
            <Field label="Client ID" name="clientId" value={values.clientId} error={errors.clientId} required />
            <Field
              label="Client secret"
              name="clientSecret"
              type="password"
              autocomplete="off"
              error={errors.clientSecret}
              hint={config?.clientSecretSet ? "Leave empty to keep the stored secret." : "From the provider; leave empty for a public client (PKCE alone)."}
            />
            <Field label="Groups claim" name="groupsClaim" value={values.groupsClaim} error={errors.groupsClaim} hint="The ID token claim that lists the person's groups." required />
            <TextArea
              label="Role mappings"
              name="roles"
              id="field-roles"
              rows={4}
              value={values.roles}
              error={errors.roles}
              hint="One per line: group, ROLE (SUPER_ADMIN, OPERATOR, VIEWER or CLIENT_USER). The highest role among a person's groups wins; no mapped group, no access."
            />
            <TextArea
              label="Tenant mappings"
              name="memberships"
              id="field-memberships"
              rows={4}
              value={values.memberships}
              error={errors.memberships}
              hint="One per line: group, tenant, TENANT_ROLE (OPERATOR_FULL, OPERATOR_READONLY, CLIENT_ADMIN or CLIENT_VIEWER)."
            />
            <div class="field field-check">
              <input type="checkbox" id="field-enforced" name="enforced" value="on" checked={values.enforced === "on"} aria-describedby="field-enforced-hint" />
              <label for="field-enforced">Enforce single sign-on</label>
              <p id="field-enforced-hint" class="hint">
                The people it manages can no longer be invited, given roles or tenants here, or sign in with a password.
              </p>
            </div>
            <div class="actions">
              <button type="submit">Save</button>
            </div>
          </form>
        </section>
      ) : null}
      {writer && config ? (
        <section class="card" aria-labelledby="sso-remove-title">
          <h2 id="sso-remove-title">Remove single sign-on</h2>
          <p class="hint">The people it made stay, with their current roles; an admin can send each a setup link for a password.</p>
          <form method="post" action={`${PATH}/remove`}>
            <Csrf token={csrf} />
            <div class="actions">
              <button class="danger" type="submit">
                Remove single sign-on
              </button>
            </div>
          </form>
        </section>
      ) : null}
    </Shell>,
    status,
  );
}

const valuesOf = (config: Sso.SsoConfig): FormValues => ({
  issuer: config.issuer,
  clientId: config.clientId,
  groupsClaim: config.groupsClaim,
  roles: roleLines(config.roles),
  memberships: membershipLines(config.memberships),
  enforced: config.enforced ? "on" : "",
});

/** A refusal's fields as the form names them: `memberships.3.tenant` is the Tenant mappings box. */
const byFormField = (errors: FormErrors): FormErrors => {
  const fields: FormErrors = {};
  for (const [path, message] of Object.entries(errors)) fields[path.split(".")[0]!] ??= message;
  return fields;
};

/** Only a SUPER_ADMIN's post is read; anyone else's is the 403 page before its fields are judged. */
async function writerForm(c: Context<ConsoleEnv>) {
  const form = await readCheckedForm(c);
  if (!Policy.can(c.var.principal, "sso:manage")) throw AuthError.forbidden();
  return form;
}

ssoPages.get(PATH, signedIn(), (c) => render(c));

ssoPages.post(PATH, signedIn(), async (c) => {
  const { values } = await writerForm(c);
  const lines = parseMappingLines(values.roles ?? "", values.memberships ?? "");
  if (!lines.ok) return render(c, { values, errors: lines.errors }, 400);
  const parsed = parseForm(Sso.PutSsoInput, {
    issuer: values.issuer,
    clientId: values.clientId,
    // Empty keeps the stored secret (the API's "omitted"): a password field is never filled in again.
    clientSecret: values.clientSecret || undefined,
    groupsClaim: values.groupsClaim || undefined,
    ...lines.mappings,
    enforced: values.enforced === "on",
  });
  if (!parsed.ok) return render(c, { values, errors: byFormField(parsed.errors) }, 400);
  try {
    await Sso.configure(c.var.deps, c.var.principal, parsed.data, c.var.requestContext);
  } catch (error) {
    const refused = formRefusal(error);
    return render(c, { values, errors: byFormField(refused.errors) }, refused.status);
  }
  return redirectWithFlash(c, PATH, { kind: "success", message: "Single sign-on saved." });
});

ssoPages.post(`${PATH}/remove`, signedIn(), async (c) => {
  await writerForm(c);
  try {
    await Sso.remove(c.var.deps, c.var.principal, c.var.requestContext);
  } catch (error) {
    // Removed meanwhile (another admin, another tab): what was asked for holds.
    if (!isDomainError(error, "sso.not_configured")) throw error;
  }
  return redirectWithFlash(c, PATH, { kind: "success", message: "Single sign-on removed. Everyone signs in with a password again." });
});
