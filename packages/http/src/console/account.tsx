import { Password, PersonalToken } from "@roster/core";
import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ConsoleEnv } from "./env";
import { redirectWithFlash, takeFlash } from "./flash";
import { formRefusal, parseForm, readCheckedForm, type FormErrors, type FormValues } from "./forms";
import { pageLinks } from "./links";
import { Shell, type Flash } from "./shell";
import { CopyField, Csrf, Empty, Field, FormError, Pager, Table, When } from "./ui";
import { signedIn } from "./guard";
import { z } from "zod";

/** `/console/account`: everyone's own password, personal access tokens, and sign-out. */
export const accountPages = new Hono<ConsoleEnv>();

const PATH = "/console/account";

type AccountState = {
  flash?: Flash | undefined;
  password?: { errors: FormErrors };
  token?: { values?: FormValues; errors?: FormErrors; created?: PersonalToken.CreatedPersonalToken };
};

/** The page, with whatever the form just posted left on it. Two round trips: authentication, and one Query for the tokens. */
async function render(c: Context<ConsoleEnv>, state: AccountState = {}, status: ContentfulStatusCode = 200) {
  const { principal, csrf } = c.var;
  const cursor = c.req.query("cursor");
  const tokens = await PersonalToken.list(c.var.deps, principal, { limit: 20, cursor: cursor || undefined });
  const links = pageLinks(c.req.url, tokens.nextCursor);
  const flash = state.flash ?? takeFlash(c);
  const created = state.token?.created;
  return c.html(
    <Shell title="Account" principal={principal} csrf={csrf} section={PATH} flash={flash}>
      <h1>Account</h1>
      <p class="lead">
        Signed in as <strong>{principal.account?.email}</strong>.
      </p>

      <section class="card" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <p class="hint">Changing it signs you out everywhere else and revokes every personal access token.</p>
        <form method="post" action={`${PATH}/password`} novalidate>
          <Csrf token={csrf} />
          <FormError message={state.password?.errors._form} />
          <Field label="Current password" name="currentPassword" type="password" autocomplete="current-password" error={state.password?.errors.currentPassword} required />
          <Field label="New password" name="newPassword" type="password" autocomplete="new-password" error={state.password?.errors.newPassword} hint="At least 12 characters; a few unrelated words work well." required />
          <div class="actions">
            <button type="submit">Change password</button>
          </div>
        </form>
      </section>

      <section class="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Personal access tokens</h2>
        <p class="hint">A token acts as you in scripts (<code>Authorization: Bearer …</code>), with your role, until it expires or you revoke it.</p>
        {created ? (
          <div class="notice notice-success" role="status">
            <p>
              Token <strong>{created.name}</strong> created. Copy it now: Roster keeps only a fingerprint and cannot show it again.
            </p>
            <CopyField label="New token" value={created.token} id="new-token" />
          </div>
        ) : null}
        {tokens.items.length === 0 ? (
          <Empty>No tokens yet. Create one below for a script or a CI job.</Empty>
        ) : (
          <Table caption="Your personal access tokens" columns={["Name", "Created", "Expires", "Last used"]} actions>
            {tokens.items.map((token) => (
              <tr>
                <td data-label="Name">{token.name}</td>
                <td data-label="Created">
                  <When at={token.createdAt} />
                </td>
                <td data-label="Expires">
                  <When at={token.expiresAt} />
                </td>
                <td data-label="Last used">
                  <When at={token.lastUsedAt} empty="Never" />
                </td>
                <td class="actions-cell">
                  <form method="post" action={`${PATH}/tokens/${encodeURIComponent(token.id)}/revoke`}>
                    <Csrf token={csrf} />
                    <button type="submit" class="danger small">
                      Revoke
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </Table>
        )}
        <Pager next={links.next} previous={links.previous} />
        <form class="inline-form" method="post" action={`${PATH}/tokens`} novalidate>
          <Csrf token={csrf} />
          <FormError message={state.token?.errors?._form} />
          <Field label="Token name" name="name" value={state.token?.values?.name} error={state.token?.errors?.name} required />
          <Field label="Expires in (days)" name="expiresInDays" type="number" min={1} max={365} value={state.token?.values?.expiresInDays ?? "90"} error={state.token?.errors?.expiresInDays} required />
          <div class="actions">
            <button type="submit">Create token</button>
          </div>
        </form>
      </section>

      <section class="card" aria-labelledby="session-title">
        <h2 id="session-title">This session</h2>
        <p class="hint">Signing out ends this browser's session; it ends by itself after 30 idle minutes too.</p>
        <form method="post" action="/console/sign-out">
          <Csrf token={csrf} />
          <button type="submit" class="secondary">
            Sign out
          </button>
        </form>
      </section>
    </Shell>,
    status,
  );
}

accountPages.get(PATH, signedIn(), (c) => render(c));

accountPages.post(`${PATH}/password`, signedIn(), async (c) => {
  const { values } = await readCheckedForm(c);
  const input = { currentPassword: values.currentPassword ?? "", newPassword: values.newPassword ?? "" };
  const errors: FormErrors = {};
  if (!input.currentPassword) errors.currentPassword = "Enter your current password.";
  if (!input.newPassword) errors.newPassword = "Enter a new password.";
  if (Object.keys(errors).length) return render(c, { password: { errors } }, 400);
  try {
    await Password.change(c.var.deps, c.var.principal, input, c.var.requestContext);
  } catch (error) {
    const refused = formRefusal(error);
    // A wrong current password is the API's 403; on a form it is a field to fix.
    const fieldErrors = refused.errors._form && refused.status === 403 ? { currentPassword: refused.errors._form } : refused.errors;
    if (refused.status === 429) c.header("Retry-After", String(refused.error.details?.retryAfterSeconds ?? 60));
    return render(c, { password: { errors: fieldErrors } }, refused.status);
  }
  return redirectWithFlash(c, PATH, { kind: "success", message: "Password changed. Your other sessions were signed out and your personal access tokens revoked." });
});

/** The form's numbers arrive as text. */
const TokenForm = z.object({ name: z.string(), expiresInDays: z.coerce.number() }).pipe(PersonalToken.CreatePersonalTokenInput);

accountPages.post(`${PATH}/tokens`, signedIn(), async (c) => {
  const { values } = await readCheckedForm(c);
  const parsed = parseForm(TokenForm, values);
  if (!parsed.ok) return render(c, { token: { values, errors: parsed.errors } }, 400);
  try {
    const created = await PersonalToken.create(c.var.deps, c.var.principal, parsed.data, c.var.requestContext);
    // Shown in this answer only, never through a redirect: the secret must not outlive this page.
    return render(c, { token: { created } }, 201);
  } catch (error) {
    const refused = formRefusal(error);
    return render(c, { token: { values, errors: refused.errors } }, refused.status);
  }
});

accountPages.post(`${PATH}/tokens/:id/revoke`, signedIn(), async (c) => {
  await readCheckedForm(c);
  try {
    await PersonalToken.revoke(c.var.deps, c.var.principal, c.req.param("id"), c.var.requestContext);
  } catch (error) {
    const refused = formRefusal(error);
    return redirectWithFlash(c, PATH, { kind: "error", message: refused.errors._form ?? "That token could not be revoked." });
  }
  return redirectWithFlash(c, PATH, { kind: "success", message: "Token revoked. It stopped working at once." });
});
