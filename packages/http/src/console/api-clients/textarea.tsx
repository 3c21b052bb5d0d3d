import { FieldFrame, fieldAria } from "../ui";

/** A labelled multi-line field (a pasted key), with its hint and the reason it was refused, like `Field`. */
export function TextArea({
  label,
  name,
  id,
  value,
  error,
  hint,
  required,
  rows = 6,
  placeholder,
}: {
  label: string;
  name: string;
  id: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  rows?: number;
  placeholder?: string;
}) {
  const frame = { id, label, hint, error };
  return (
    <FieldFrame {...frame} hintAbove>
      <textarea id={id} name={name} rows={rows} required={required} placeholder={placeholder} spellcheck={false} autocomplete="off" {...fieldAria(frame)}>
        {value ?? ""}
      </textarea>
    </FieldFrame>
  );
}
