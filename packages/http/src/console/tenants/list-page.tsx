import { Policy, Tenant } from "@roster/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import type { ConsoleEnv } from "../env";
import { redirectWithFlash, takeFlash } from "../flash";
import { formRefusal, parseForm, readCheckedForm, type FormErrors, type FormValues } from "../forms";
import { pageLinks, withQuery } from "../links";
import { Shell } from "../shell";
import { Csrf, Dialog, DialogActions, DialogButton, Empty, Field, FormError, Pager, Table } from "../ui";
import { listAddress, tenantPath, TENANTS_PATH } from "./urls";

const PAGE_SIZE = 25;

type Refused = { values: FormValues; errors: FormErrors };

/**
 * The tenants a reader reaches: every one for SUPER_ADMINs and VIEWERs, their own memberships'
 * for operators and contractors, as `GET /v1/tenants` decides. Two round trips: authentication,
 * and one Query (the tenants' index, or the reader's side of the membership index).
 */
export async function renderTenantList(c: Context<ConsoleEnv>, refused?: Refused, status: ContentfulStatusCode = 200) {
  const { principal, csrf, deps } = c.var;
  const here = listAddress(TENANTS_PATH, c.req.url);
  const cursor = c.req.query("cursor") || undefined;
  const tenants = await Tenant.list(deps, principal, { limit: PAGE_SIZE, cursor });
  const links = pageLinks(here, tenants.nextCursor);
  const creates = Policy.can(principal, "tenants:write");
  const seesAll = Policy.can(principal, "tenants:read");
  const values = refused?.values ?? {};
  const errors = refused?.errors ?? {};
  return c.html(
    <Shell title="Tenants" principal={principal} csrf={csrf} section={TENANTS_PATH} flash={takeFlash(c)}>
      <div class="page-head">
        <div>
          <h1>Tenants</h1>
          <p class="subtitle">{seesAll ? "Every client company in this workspace." : "The client companies you are a member of."}</p>
        </div>
        {creates ? <DialogButton dialog="new-tenant" href={withQuery(here, { dialog: "new-tenant" })} label="New tenant" /> : null}
      </div>
      {creates ? (
        <Dialog id="new-tenant" title="New tenant" open={!!refused || c.req.query("dialog") === "new-tenant"} closeHref={here}>
          <form method="post" action={TENANTS_PATH} novalidate>
            <Csrf token={csrf} />
            <FormError message={errors._form} />
            <Field label="Name" name="name" id="new-tenant-name" value={values.name} error={errors.name} hint="As its people will see it, e.g. Acme Bank." required />
            <Field
              label="Slug"
              name="slug"
              id="new-tenant-slug"
              value={values.slug}
              error={errors.slug}
              autocomplete="off"
              hint="3–40 lowercase letters, digits and dashes, e.g. acme-bank. It is part of every address of the tenant and cannot change."
              required
            />
            <DialogActions submit="Create tenant" closeHref={here} />
          </form>
        </Dialog>
      ) : null}
      {tenants.items.length === 0 && !links.previous ? (
        <Empty>
          {creates
            ? "No tenants yet. Create the first with New tenant."
            : seesAll
              ? "No tenants yet."
              : "You are not a member of any tenant yet. Ask a workspace admin to add you to the ones you work on."}
        </Empty>
      ) : (
        <>
          <Table caption="Tenants" columns={["Name", "Slug"]}>
            {tenants.items.map((tenant) => (
              <tr>
                <td data-label="Name">
                  <a href={tenantPath(tenant.slug)}>{tenant.name}</a>
                </td>
                <td data-label="Slug">
                  <code>{tenant.slug}</code>
                </td>
              </tr>
            ))}
          </Table>
          <Pager next={links.next} previous={links.previous} />
        </>
      )}
    </Shell>,
    status,
  );
}

/** The form's name and slug, with words of the console's own for what is missing. */
const TenantForm = z
  .object({ name: z.string().trim().min(1, "Enter the tenant's name."), slug: z.string().trim().min(1, "Enter a slug, e.g. acme-bank.") })
  .pipe(Tenant.CreateTenantInput);

export async function createTenant(c: Context<ConsoleEnv>) {
  const { values } = await readCheckedForm(c);
  // A form this reader may not send is refused before its values are judged, as the verb would refuse it.
  Policy.authorize(c.var.principal, "tenants:write");
  const parsed = parseForm(TenantForm, { name: values.name ?? "", slug: values.slug ?? "" });
  if (!parsed.ok) return renderTenantList(c, { values, errors: parsed.errors }, 400);
  try {
    const tenant = await Tenant.create(c.var.deps, c.var.principal, parsed.data, c.var.requestContext);
    return redirectWithFlash(c, tenantPath(tenant.slug), { kind: "success", message: `Tenant ${tenant.name} created. Add its first members here.` });
  } catch (error) {
    const refused = formRefusal(error);
    const errors = refused.error.code === "tenant.slug_taken" ? { slug: refused.error.message } : refused.errors;
    return renderTenantList(c, { values, errors }, refused.status);
  }
}
