/** The run dialog's text fields, on the shared labelled Field (ui/Field.tsx). */
import { Field } from '../../ui/Field';

/** A one-line input, or a textarea when `rows` is given. */
export function TextField({
  label,
  hint,
  error,
  value,
  onChange,
  placeholder,
  rows,
  disabled,
  list,
}: {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  rows?: number;
  disabled?: boolean;
  list?: string;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {({ id, describedBy, invalid }) =>
        rows ? (
          <textarea
            id={id}
            rows={rows}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            placeholder={placeholder}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <input
            id={id}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            placeholder={placeholder}
            disabled={disabled}
            list={list}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}
