import { ApiClient } from "@roster/core";
import type { FormErrors, FormValues } from "../forms";
import { CopyField, Csrf, Dialog, DialogActions, Field, FormError, Select } from "../ui";
import { ScopeBoxes } from "./scopes";
import { TextArea } from "./textarea";

export const NEW_CLIENT_DIALOG = "new-client";
export const rotateDialogId = (clientId: string) => `rotate-${clientId}`;
export const statusDialogId = (clientId: string, action: StatusAction) => `${action}-${clientId}`;

export type StatusAction = "disable" | "enable";

const TYPE_LABELS: Record<ApiClient.ApiClient["type"], string> = {
  DELEGATED: "DELEGATED: acts for the workspace, within its scopes",
  USER: "USER: acts as you, with your role, within its scopes",
};
const TYPE_OPTIONS = ApiClient.CreateApiClientInput.shape.type.options.map((type) => ({ value: type, label: TYPE_LABELS[type] }));

const KEY_HINT = "A PEM block (-----BEGIN PUBLIC KEY-----) or a JWK: RSA of 2048–8192 bits, EC P-256 or Ed25519. Only the public half: the private key stays with the client.";
const NEW_KEY_HINT = `${KEY_HINT} Or leave it empty and give the client's JWKS URL below.`;
const JWKS_HINT =
  "Instead of a public key: where the client publishes its keys (a JWKS, https). Roster fetches it and picks up a new key when an assertion names it, so the client rotates keys there.";

export type CreateState = { values?: FormValues; scopes?: string[]; errors?: FormErrors };

export function NewClientDialog({ open, closeHref, csrf, state = {} }: { open: boolean; closeHref: string; csrf: string; state?: CreateState | undefined }) {
  const { values = {}, errors = {}, scopes = [] } = state;
  return (
    <Dialog id={NEW_CLIENT_DIALOG} title="New API client" open={open} closeHref={closeHref}>
      <p class="hint">A backend signs a short JWT with its private key and trades it at Roster's token endpoint for an access token.</p>
      <form method="post" action="/console/api-clients" novalidate>
        <Csrf token={csrf} />
        <FormError message={errors._form} />
        <Field label="Name" name="name" id="new-client-name" value={values.name} error={errors.name} hint="What the audit log will call it, e.g. billing-sync." required />
        <Select label="Type" name="type" id="new-client-type" options={TYPE_OPTIONS} value={values.type} error={errors.type} />
        <TextArea label="Public key" name="publicKey" id="new-client-key" value={values.publicKey} error={errors.publicKey} hint={NEW_KEY_HINT} />
        <Field
          label="JWKS URL"
          name="jwksUri"
          id="new-client-jwks"
          value={values.jwksUri}
          error={errors.jwksUri}
          hint={JWKS_HINT}
          placeholder="https://billing.example.com/.well-known/jwks.json"
        />
        <ScopeBoxes idPrefix="new-client" checked={scopes} error={errors.scopes} />
        <DialogActions submit="Create client" closeHref={closeHref} />
      </form>
    </Dialog>
  );
}

/** What the person needs to make the client work, once it is registered; nothing of it is secret. */
export function CreatedClientDialog({ client, tokenEndpoint, closeHref, anotherHref }: { client: ApiClient.ApiClient; tokenEndpoint: string; closeHref: string; anotherHref: string }) {
  return (
    <Dialog id={NEW_CLIENT_DIALOG} title="New API client" open closeHref={closeHref}>
      <div class="notice notice-success" role="status">
        <p>
          <strong>{client.name}</strong> is registered and active.
        </p>
      </div>
      <CopyField label="Client ID" value={client.id} id="created-client-id" />
      <CopyField label="Token endpoint" value={tokenEndpoint} id="created-token-endpoint" />
      {client.keyId !== null ? <CopyField label="Key ID" value={client.keyId} id="created-key-id" /> : null}
      {client.jwksUri !== null ? <CopyField label="JWKS URL" value={client.jwksUri} id="created-jwks-uri" /> : null}
      <p class="hint">
        To get a token, sign a JWT with the private key{client.jwksUri !== null ? " of a key the JWKS publishes, naming its kid in the header" : ""} (<code>iss</code> and <code>sub</code>: the client ID; <code>aud</code>: the token endpoint; <code>exp</code> at
        most 5 minutes ahead; a fresh <code>jti</code>) and post it to the token endpoint with <code>grant_type=client_credentials</code> as a{" "}
        <code>client_assertion</code>.
      </p>
      <div class="actions">
        <a class="button primary" href={closeHref} data-dialog-cancel>
          Done
        </a>
        <a class="button secondary" href={anotherHref}>
          Register another
        </a>
      </div>
    </Dialog>
  );
}

export type RotateState = { values: FormValues; errors: FormErrors };

export function RotateDialog({ client, open, closeHref, action, csrf, state }: { client: ApiClient.ApiClient; open: boolean; closeHref: string; action: string; csrf: string; state?: RotateState | undefined }) {
  const id = rotateDialogId(client.id);
  const { values = {}, errors = {} } = state ?? {};
  return (
    <Dialog id={id} title={`Rotate the key of ${client.name}`} open={open} closeHref={closeHref}>
      <p class="hint">The new key works at once. The previous one can keep working for a while, so your servers can switch over without a gap.</p>
      <form method="post" action={action} class="rotate-form" novalidate>
        <Csrf token={csrf} />
        <FormError message={errors._form} />
        <TextArea label="Public key" name="publicKey" id={`${id}-key`} value={values.publicKey} error={errors.publicKey} hint={KEY_HINT} required />
        <Field
          label="Keep the previous key for (seconds)"
          name="previousKeyValidSeconds"
          id={`${id}-overlap`}
          type="number"
          min={0}
          max={86_400}
          value={values.previousKeyValidSeconds ?? "0"}
          error={errors.previousKeyValidSeconds}
          hint="0 ends it at once; at most 86400 (a day)."
        />
        <DialogActions submit="Rotate key" closeHref={closeHref} />
      </form>
    </Dialog>
  );
}

const STATUS_WORDS: Record<StatusAction, { button: string; text: string; danger: boolean }> = {
  disable: {
    button: "Disable",
    text: "Its access tokens stop working on their next request, and it gets no new ones. Enabling it later does not revive the tokens issued before.",
    danger: true,
  },
  enable: { button: "Enable", text: "It can get access tokens again, with the key it has now.", danger: false },
};

/** Disable and Enable confirm in a dialog that names the client, with a button of the action's name. */
export function StatusDialog(props: { client: ApiClient.ApiClient; act: StatusAction; open: boolean; closeHref: string; action: string; csrf: string; error?: string | undefined }) {
  const words = STATUS_WORDS[props.act];
  return (
    <Dialog id={statusDialogId(props.client.id, props.act)} title={`${words.button} ${props.client.name}?`} open={props.open} closeHref={props.closeHref}>
      <p>{words.text}</p>
      <form method="post" action={props.action}>
        <Csrf token={props.csrf} />
        <FormError message={props.error} />
        <DialogActions submit={words.button} closeHref={props.closeHref} danger={words.danger} />
      </form>
    </Dialog>
  );
}
