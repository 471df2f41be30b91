import { useId } from "react";

/**
 * A labelled one-line input with an optional hint and its error, tied together with
 * aria-describedby so screen readers read both.
 */
export function TextField({
  label,
  value,
  onChange,
  testId,
  hint,
  error,
  required,
  placeholder,
  wide,
  mono,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  testId: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
  placeholder?: string;
  wide?: boolean;
  mono?: boolean;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : "", error ? `${id}-err` : ""].filter(Boolean).join(" ");
  return (
    <div className={`field${wide ? " field-wide" : ""}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="muted"> (required)</span> : null}
      </label>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
        aria-required={required ? true : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        placeholder={placeholder}
        className={mono ? "mono" : undefined}
        autoComplete="off"
        spellCheck={false}
      />
      {hint ? (
        <p id={`${id}-hint`} className="muted small field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-err`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
