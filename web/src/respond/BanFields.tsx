import { useId } from "react";
import type { BanForm, FormIssue } from "./ban-form.js";
import { isBroad } from "./ban-kinds.js";
import { TextField } from "./TextField.js";

/** The form's text fields (all but the kind and the confirmation). */
type TextKey = Exclude<keyof BanForm, "kind" | "confirmBroad">;

type Setter = <K extends keyof BanForm>(k: K, v: BanForm[K]) => void;

const TIME_HINT = "ISO 8601 with a zone, e.g. 2024-09-03T00:00:00Z";

/** The fields of the new-ban form; which keys show depends on the kind. */
export function BanFields({
  form,
  set,
  issues,
}: {
  form: BanForm;
  set: Setter;
  issues: FormIssue[];
}) {
  const err = (field: string) => issues.find((i) => i.field === field)?.message;
  const text = (k: TextKey) => ({
    value: form[k],
    onChange: (v: string) => set(k, v),
    error: err(k),
  });
  const k = form.kind;
  return (
    <>
      <div className="form-grid">
        <TextField
          label="Issuer (iss, exactly as in the token)"
          testId="ban-iss"
          required
          wide
          mono
          placeholder="https://iam.example.org/"
          {...text("iss")}
        />
        {k === "token" ? (
          <TextField label="Token id (jti)" testId="ban-jti" required wide mono {...text("jti")} />
        ) : null}
        {k === "identity" || k === "identity-before" ? (
          <TextField label="Subject (sub)" testId="ban-sub" required wide mono {...text("sub")} />
        ) : null}
        {k === "identity-before" ? (
          <TextField
            label="Tokens issued at or before"
            testId="ban-issued-before"
            required
            hint={TIME_HINT}
            mono
            {...text("issuedBefore")}
          />
        ) : null}
        {k === "client" ? (
          <TextField
            label="Client id (client_id or azp)"
            testId="ban-client"
            required
            wide
            mono
            {...text("client")}
          />
        ) : null}
        {k === "group" ? (
          <TextField
            label="Group (as in wlcg.groups, e.g. /dteam)"
            testId="ban-group"
            required
            wide
            mono
            {...text("group")}
          />
        ) : null}
        <TextField
          label="Reason (one line, shown in decisions and ban files)"
          testId="ban-reason"
          required
          wide
          {...text("reason")}
        />
        <TextField
          label="Incident (optional)"
          testId="ban-incident"
          hint="The incident id; the ban is then listed in its case file."
          {...text("incident")}
        />
        <TextField
          label="Sites"
          testId="ban-sites"
          hint='"all", or site names separated by commas (e.g. CERN-PROD, DESY-HH)'
          {...text("sites")}
        />
        <TextField
          label="Starts (optional)"
          testId="ban-starts"
          hint={`${TIME_HINT}; empty: now`}
          mono
          {...text("starts")}
        />
        <TextField
          label="Expires (optional)"
          testId="ban-expires"
          hint={
            k === "token"
              ? `${TIME_HINT}; empty: one hour after the token's exp when the server knows it, else until lifted`
              : `${TIME_HINT}; empty: until lifted`
          }
          mono
          {...text("expires")}
        />
      </div>
      {isBroad(k) ? <BroadConfirm form={form} set={set} error={err("confirmBroad")} /> : null}
    </>
  );
}

/** Group and issuer bans deny many people at once: the responder ticks that they mean it. */
function BroadConfirm({
  form,
  set,
  error,
}: {
  form: BanForm;
  set: Setter;
  error: string | undefined;
}) {
  const id = useId();
  const iss = form.iss.trim() || "the issuer";
  const what =
    form.kind === "issuer"
      ? `every token of ${iss}, for every user of the VO`
      : `every member of group ${form.group.trim() || "(not given)"} of ${iss}`;
  return (
    <div className="broad-confirm">
      <div className="field-check">
        <input
          type="checkbox"
          id={id}
          checked={form.confirmBroad}
          onChange={(e) => set("confirmBroad", e.target.checked)}
          data-testid="ban-confirm-broad"
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-note${error ? ` ${id}-err` : ""}`}
        />
        <label htmlFor={id}>I confirm: this ban denies {what}.</label>
      </div>
      <p id={`${id}-note`} className="muted small">
        How many known identities it covers is counted by the server when the ban is made, and shown
        then.
      </p>
      {error ? (
        <p id={`${id}-err`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
