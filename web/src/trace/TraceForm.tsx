import { useId, useState, type FormEvent } from "react";
import { TRACE_BY, type TraceBy, type TraceParams } from "../api/trace.js";
import { checkParams, TIME_HINT, type ParamIssue } from "./trace-params.js";
import "./trace.css";

const BY_LABEL: Record<TraceBy, string> = {
  jti: "Token (jti)",
  sub: "Subject (sub)",
  client: "Client id",
  path: "Path (exact)",
  ip: "IP address",
};

const VALUE_HINT: Record<TraceBy, string> = {
  jti: "e.g. b2bb0aa0-7d8f-46e6-8280-181cfccf47cd",
  sub: "e.g. 9b654bd4-aa08-4d88-b21e-49629787bfe8",
  client: "e.g. fts-client",
  path: "e.g. /atlas/data/file.root",
  ip: "e.g. 203.0.113.19",
};

interface FormState {
  by: TraceBy;
  value: string;
  iss: string;
  withDerived: boolean;
  from: string;
  to: string;
  site: string;
  limit: string;
}

function stateOf(p: TraceParams | null): FormState {
  return {
    by: p?.by ?? "jti",
    value: p?.value ?? "",
    iss: p?.iss ?? "",
    withDerived: p?.withDerived ?? true,
    from: p?.from ?? "",
    to: p?.to ?? "",
    site: p?.site ?? "",
    limit: p?.limit === undefined ? "" : String(p.limit),
  };
}

/**
 * What to trace: the field and its value, the issuer, derived tokens, the time window and the
 * site. Checked here first (times with their zone, from before to); the page puts the query in
 * the URL, which runs it.
 */
export function TraceForm({
  initial,
  onSubmit,
}: {
  initial: TraceParams | null;
  onSubmit: (p: TraceParams) => void;
}) {
  const id = useId();
  const [f, setF] = useState<FormState>(() => stateOf(initial));
  const [issues, setIssues] = useState<ParamIssue[]>([]);
  const set =
    (k: "value" | "iss" | "from" | "to" | "site" | "limit") => (e: { target: { value: string } }) =>
      setF((x) => ({ ...x, [k]: e.target.value }));
  const issueOf = (field: ParamIssue["field"]) => issues.find((i) => i.field === field);

  function submit(e: FormEvent) {
    e.preventDefault();
    const limit = f.limit.trim() === "" ? undefined : Number(f.limit);
    const p: TraceParams = {
      by: f.by,
      value: f.value.trim(),
      iss: f.iss.trim() || undefined,
      withDerived: f.withDerived,
      from: f.from.trim() || undefined,
      to: f.to.trim() || undefined,
      site: f.site.trim() || undefined,
      limit,
    };
    const found = checkParams(p);
    setIssues(found);
    if (found.length === 0) onSubmit(p);
  }

  /** A time field is described by the times hint, and by its error when it has one. */
  const fieldProps = (field: ParamIssue["field"]) => {
    const invalid = issueOf(field) !== undefined;
    const ids = [
      field === "from" || field === "to" ? `${id}-time-hint` : null,
      invalid ? `${id}-${field}-err` : null,
    ].filter((x) => x !== null);
    return {
      "aria-invalid": invalid ? (true as const) : undefined,
      "aria-describedby": ids.length > 0 ? ids.join(" ") : undefined,
    };
  };
  const errorOf = (field: ParamIssue["field"]) => {
    const issue = issueOf(field);
    return issue ? (
      <p className="field-error" id={`${id}-${field}-err`}>
        {issue.message}
      </p>
    ) : null;
  };

  return (
    <form className="card form trace-form" onSubmit={submit} noValidate aria-label="Trace query">
      {issues.length > 0 ? (
        <div className="banner banner-error" role="alert" data-testid="trace-form-errors">
          <p className="banner-title">Check the query</p>
          <ul>
            {issues.map((i) => (
              <li key={`${i.field}:${i.message}`}>{i.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-by`}>Trace by</label>
          <select
            id={`${id}-by`}
            value={f.by}
            onChange={(e) => setF((x) => ({ ...x, by: e.target.value as TraceBy }))}
            data-testid="trace-by"
          >
            {TRACE_BY.map((b) => (
              <option key={b} value={b}>
                {BY_LABEL[b]}
              </option>
            ))}
          </select>
        </div>
        <div className="field trace-value-field">
          <label htmlFor={`${id}-value`}>Value</label>
          <input
            id={`${id}-value`}
            value={f.value}
            onChange={set("value")}
            placeholder={VALUE_HINT[f.by]}
            autoComplete="off"
            spellCheck={false}
            required
            data-testid="trace-value"
            {...fieldProps("value")}
          />
          {errorOf("value")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-iss`}>Issuer (optional)</label>
          <input
            id={`${id}-iss`}
            value={f.iss}
            onChange={set("iss")}
            placeholder="e.g. https://iam.example.org/"
            spellCheck={false}
            data-testid="trace-iss"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>From (optional)</label>
          <input
            id={`${id}-from`}
            value={f.from}
            onChange={set("from")}
            placeholder="2024-09-03T00:00:00Z"
            spellCheck={false}
            data-testid="trace-from"
            {...fieldProps("from")}
          />
          {errorOf("from")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To (optional)</label>
          <input
            id={`${id}-to`}
            value={f.to}
            onChange={set("to")}
            placeholder="2024-09-04T00:00:00Z"
            spellCheck={false}
            data-testid="trace-to"
            {...fieldProps("to")}
          />
          {errorOf("to")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-site`}>Site (optional)</label>
          <input
            id={`${id}-site`}
            value={f.site}
            onChange={set("site")}
            spellCheck={false}
            data-testid="trace-site"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-limit`}>Max events (optional)</label>
          <input
            id={`${id}-limit`}
            type="number"
            min={1}
            max={100000}
            value={f.limit}
            onChange={set("limit")}
            placeholder="10000"
            data-testid="trace-limit"
            {...fieldProps("limit")}
          />
          {errorOf("limit")}
        </div>
      </div>
      <p className="muted small" id={`${id}-time-hint`}>
        Times: {TIME_HINT}.
      </p>
      <div className="form-actions">
        <div className="field-check">
          <input
            id={`${id}-derived`}
            type="checkbox"
            checked={f.withDerived}
            onChange={(e) => setF((x) => ({ ...x, withDerived: e.target.checked }))}
            data-testid="trace-derived"
          />
          <label htmlFor={`${id}-derived`}>
            With derived tokens (refreshed, exchanged, FTS-refreshed)
          </label>
        </div>
        <button type="submit" className="btn btn-primary" data-testid="trace-submit">
          Trace
        </button>
      </div>
    </form>
  );
}
