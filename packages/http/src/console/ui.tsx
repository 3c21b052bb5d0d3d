import type { Child } from "hono/jsx";

/*
 * The console's building blocks. Each works as plain HTML (a dialog the server renders open, a
 * menu the server renders expanded, links and forms); console.js only makes them nicer (modal
 * dialogs, a keyboard menu, copy buttons). The names a person or a screen reader meets come from
 * the props, so the pages say them exactly as CONSOLE.md does.
 */

export type FieldProps = {
  label: string;
  name: string;
  type?: "text" | "email" | "password" | "number" | "datetime-local" | "search" | "url";
  value?: string | undefined;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: "numeric" | "email" | "text";
  min?: string | number;
  max?: string | number;
  readonly?: boolean;
  /** An example of what to type, for a box whose label says what it is for (a search). */
  placeholder?: string;
  id?: string;
};

type FrameProps = { id: string; label: string; hint?: string | undefined; error?: string | undefined };

/** What a field's control carries so a screen reader says its hint and its refusal with it. */
export const fieldAria = ({ id, hint, error }: FrameProps) => ({
  "aria-invalid": error ? ("true" as const) : undefined,
  "aria-describedby": [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined,
});

/**
 * A field's label, hint and refusal around its control (an input, a select, a textarea), so every
 * field says them the same way. `hintAbove` puts the hint between label and control, for a control
 * tall enough (a pasted key) that a hint under it would sit out of sight.
 */
export function FieldFrame({ id, label, hint, error, hintAbove = false, children }: FrameProps & { hintAbove?: boolean; children?: Child }) {
  const hintLine = hint ? (
    <p id={`${id}-hint`} class="hint">
      {hint}
    </p>
  ) : null;
  return (
    <div class={`field${error ? " field-invalid" : ""}`}>
      <label for={id}>{label}</label>
      {hintAbove ? hintLine : null}
      {children}
      {hintAbove ? null : hintLine}
      {error ? (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input, its hint, and the reason it was refused (announced with the field). */
export function Field({ label, name, type = "text", value, error, hint, required, autocomplete, inputmode, min, max, readonly, placeholder, id }: FieldProps) {
  const frame = { id: id ?? `field-${name}`, label, hint, error };
  return (
    <FieldFrame {...frame}>
      <input
        id={frame.id}
        name={name}
        type={type}
        value={value}
        required={required}
        autocomplete={autocomplete}
        inputmode={inputmode}
        min={min}
        max={max}
        readonly={readonly}
        placeholder={placeholder}
        {...fieldAria(frame)}
      />
    </FieldFrame>
  );
}

export type Option = { value: string; label: string };

export function Select({ label, name, options, value, error, id }: { label: string; name: string; options: Option[]; value?: string | undefined; error?: string | undefined; id?: string }) {
  const frame = { id: id ?? `field-${name}`, label, error };
  return (
    <FieldFrame {...frame}>
      <select id={frame.id} name={name} {...fieldAria(frame)}>
        {options.map((option) => (
          <option value={option.value} selected={option.value === value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** The session's CSRF token: every state-changing form carries it. */
export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

/**
 * A dialog, rendered open by the server when the page's URL asks for it (`?dialog=<id>`) or when
 * its form was refused, so it works without script; console.js opens it as a modal instead.
 */
export function Dialog({ id, title, open, closeHref, children }: { id: string; title: string; open: boolean; closeHref: string; children?: Child }) {
  return (
    <dialog id={id} class="dialog" aria-labelledby={`${id}-title`} open={open} data-close-href={closeHref}>
      <div class="dialog-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <a class="dialog-close" href={closeHref} aria-label="Close">
          ×
        </a>
      </div>
      {children}
    </dialog>
  );
}

/** Opens a dialog: a link to the page with the dialog open, which console.js turns into a modal. */
export function DialogButton({ dialog, href, label, variant = "primary" }: { dialog: string; href: string; label: string; variant?: "primary" | "secondary" | "danger" }) {
  return (
    <a role="button" class={`button ${variant}`} href={href} data-dialog={dialog}>
      {label}
    </a>
  );
}

/** A dialog form's buttons: the action, named as the action is, and a way out that keeps nothing. */
export function DialogActions({ submit, closeHref, danger = false }: { submit: string; closeHref: string; danger?: boolean }) {
  return (
    <div class="actions">
      <button type="submit" class={danger ? "danger" : undefined}>
        {submit}
      </button>
      <a class="button secondary" href={closeHref} data-dialog-cancel>
        Cancel
      </a>
    </div>
  );
}

export type MenuItem = { label: string; href: string; dialog?: string };

/**
 * A row's actions as a menu button (WAI-ARIA menu pattern). Without script the button is a link
 * to the page with this menu expanded (`?menu=<id>`); with it, console.js toggles the menu in place
 * and moves through it with the arrow keys.
 */
export function ActionsMenu({ id, label, items, open, toggleHref }: { id: string; label: string; items: MenuItem[]; open: boolean; toggleHref: string }) {
  if (items.length === 0) return null;
  return (
    <div class="menu">
      <a
        role="button"
        class="button secondary menu-button"
        id={`${id}-button`}
        href={toggleHref}
        aria-haspopup="menu"
        aria-expanded={open ? "true" : "false"}
        aria-controls={`${id}-menu`}
        aria-label={label}
      >
        <span aria-hidden="true">⋯</span>
      </a>
      <ul id={`${id}-menu`} role="menu" aria-labelledby={`${id}-button`} hidden={!open}>
        {items.map((item) => (
          <li role="none">
            <a role="menuitem" href={item.href} data-dialog={item.dialog}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A read-only field with a Copy button (shown by console.js, which does the copying). */
export function CopyField({ label, value, id }: { label: string; value: string; id: string }) {
  return (
    <div class="field copy-field">
      <label for={id}>{label}</label>
      <div class="copy-row">
        <input id={id} type="text" value={value} readonly />
        <button type="button" class="secondary" data-copy={id} hidden>
          Copy
        </button>
      </div>
    </div>
  );
}

/** Cursor paging: Next carries the next page's cursor, Previous goes back along the trail of earlier ones. */
export function Pager({ next, previous }: { next?: string | null | undefined; previous?: string | null | undefined }) {
  if (!next && !previous) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {previous ? (
        <a class="button secondary" href={previous}>
          Previous
        </a>
      ) : null}
      {next ? (
        <a class="button secondary" href={next}>
          Next
        </a>
      ) : null}
    </nav>
  );
}

/** What a page says when there is nothing to list, and what to do about it. */
export const Empty = ({ children }: { children?: Child }) => <p class="empty">{children}</p>;

/** An instant as people read it (UTC, to the minute), with the exact one for machines. */
export function When({ at, empty = "—" }: { at: string | null | undefined; empty?: string }) {
  if (!at) return <span class="muted">{empty}</span>;
  return <time datetime={at}>{formatInstant(at)}</time>;
}

export const formatInstant = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * A table of records: column headers as CONSOLE.md names them, then an unnamed column for each
 * row's actions when there are any. Cells carry `data-label` so a phone shows each row as a card.
 */
export function Table({ caption, columns, actions = false, children }: { caption: string; columns: string[]; actions?: boolean; children?: Child }) {
  return (
    <div class="table-wrap">
      <table class="data">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
            {actions ? (
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A form's refusal that belongs to no one field: said above the form, and announced. */
export const FormError = ({ message }: { message?: string | undefined }) =>
  message ? (
    <p class="form-error" role="alert">
      {message}
    </p>
  ) : null;
