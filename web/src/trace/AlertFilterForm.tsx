import { useId, useState, type FormEvent } from "react";
import {
  ALERT_KINDS,
  ALERT_STATES,
  type AlertFilters,
  type AlertKind,
  type AlertState,
} from "../api/trace.js";
import { sinceIssue } from "./alert-params.js";
import "./trace.css";

const KIND_LABEL: Record<AlertKind, string> = {
  banned: "Covered by a ban",
  "expired-token": "Token used after its exp",
};
const STATE_LABEL: Record<AlertState, string> = {
  open: "Open (not acknowledged)",
  acknowledged: "Acknowledged",
};
const LIMITS = [100, 500, 1000, 10000] as const;

/** A select of one of `labels`' keys, or "" for all of them. */
function Choice<K extends string>({
  label,
  value,
  onChange,
  all,
  labels,
  testId,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  all: string;
  labels: Record<K, string>;
  testId: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{all}</option>
        {(Object.keys(labels) as K[]).map((k) => (
          <option key={k} value={k}>
            {labels[k]}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The filters the alerts API takes: since, kind, ban id, site, state and how many. */
export function AlertFilterForm({
  initial,
  onApply,
}: {
  initial: AlertFilters;
  onApply: (f: AlertFilters) => void;
}) {
  const id = useId();
  const [since, setSince] = useState(initial.since ?? "");
  const [kind, setKind] = useState<string>(initial.kind ?? "");
  const [ban, setBan] = useState(initial.ban ?? "");
  const [site, setSite] = useState(initial.site ?? "");
  const [state, setState] = useState<string>(initial.state ?? "");
  const [limit, setLimit] = useState(String(initial.limit ?? 100));
  const [issue, setIssue] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = sinceIssue(since.trim() || undefined);
    setIssue(found);
    if (found !== null) return;
    onApply({
      since: since.trim() || undefined,
      kind: ALERT_KINDS.find((k) => k === kind),
      ban: ban.trim() || undefined,
      site: site.trim() || undefined,
      state: ALERT_STATES.find((s) => s === state),
      limit: Number(limit) === 100 ? undefined : Number(limit),
    });
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-label="Filter the alerts">
      <div className="form-grid">
        <Choice
          label="Kind"
          value={kind}
          onChange={setKind}
          all="All kinds"
          labels={KIND_LABEL}
          testId="alerts-kind"
        />
        <Choice
          label="State"
          value={state}
          onChange={setState}
          all="Open and acknowledged"
          labels={STATE_LABEL}
          testId="alerts-state"
        />
        <div className="field">
          <label htmlFor={`${id}-since`}>Raised since (optional)</label>
          <input
            id={`${id}-since`}
            value={since}
            onChange={(e) => setSince(e.target.value)}
            placeholder="2024-09-03T00:00:00Z"
            spellCheck={false}
            aria-invalid={issue !== null ? true : undefined}
            aria-describedby={issue !== null ? `${id}-since-err` : undefined}
            data-testid="alerts-since"
          />
          {issue !== null ? (
            <p className="field-error" id={`${id}-since-err`} role="alert">
              {issue}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={`${id}-ban`}>Ban id (optional)</label>
          <input
            id={`${id}-ban`}
            value={ban}
            onChange={(e) => setBan(e.target.value)}
            spellCheck={false}
            data-testid="alerts-ban"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-site`}>Site (optional)</label>
          <input
            id={`${id}-site`}
            value={site}
            onChange={(e) => setSite(e.target.value)}
            spellCheck={false}
            data-testid="alerts-site"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-limit`}>Show at most</label>
          <select id={`${id}-limit`} value={limit} onChange={(e) => setLimit(e.target.value)}>
            {LIMITS.map((n) => (
              <option key={n} value={String(n)}>
                {n} alerts
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="alerts-apply">
          Apply filters
        </button>
      </div>
    </form>
  );
}
