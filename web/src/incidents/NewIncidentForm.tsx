import { useId, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { SEVERITIES, TLPS, incidentsApi, type Severity, type Tlp } from "../api/incidents.js";
import { ErrorBanner } from "../components/Feedback.js";
import { canonicalIsoTime, isoTimeProblem } from "../components/iso-time.js";

/** Opens an incident: title, TLP, severity, summary, discovery time, affected sites. */
export function NewIncidentForm({ onCancel }: { onCancel: () => void }) {
  const navigate = useNavigate();
  const f = {
    title: useId(),
    tlp: useId(),
    severity: useId(),
    discovered: useId(),
    sites: useId(),
    summary: useId(),
  };
  const [form, setForm] = useState({
    title: "",
    tlp: "AMBER" as Tlp,
    severity: "high" as Severity,
    discovered: "",
    sites: "",
    summary: "",
  });
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const timeProblem = form.discovered.trim() === "" ? null : isoTimeProblem(form.discovered);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (timeProblem !== null) return;
    setBusy(true);
    setError(undefined);
    try {
      const sites = form.sites
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
      const created = await incidentsApi.create({
        title: form.title.trim(),
        tlp: form.tlp,
        severity: form.severity,
        ...(form.summary.trim() === "" ? {} : { summary: form.summary.trim() }),
        ...(form.discovered.trim() === ""
          ? {}
          : { discoveredAt: canonicalIsoTime(form.discovered) ?? form.discovered.trim() }),
        ...(sites.length === 0 ? {} : { affectedSites: sites }),
      });
      void navigate(`/incidents/${encodeURIComponent(created.id)}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-labelledby="new-inc-h">
      <h2 id="new-inc-h">Open an incident</h2>
      <ErrorBanner error={error} title="The incident was not opened" />
      <div className="form-grid">
        <div className="field field-wide">
          <label htmlFor={f.title}>Title</label>
          <input
            id={f.title}
            required
            maxLength={200}
            value={form.title}
            onChange={set("title")}
            data-testid="incident-title"
          />
        </div>
        <div className="field">
          <label htmlFor={f.tlp}>TLP</label>
          <select id={f.tlp} value={form.tlp} onChange={set("tlp")} data-testid="incident-tlp">
            {TLPS.map((t) => (
              <option key={t} value={t}>
                TLP:{t}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={f.severity}>Severity</label>
          <select id={f.severity} value={form.severity} onChange={set("severity")}>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={f.discovered}>Discovered at (default: now)</label>
          <input
            id={f.discovered}
            placeholder="2024-09-03T08:00:00Z"
            value={form.discovered}
            onChange={set("discovered")}
            aria-invalid={timeProblem !== null}
            aria-describedby={timeProblem === null ? undefined : `${f.discovered}-err`}
          />
          {timeProblem !== null ? (
            <p id={`${f.discovered}-err`} className="warn-text">
              {timeProblem}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={f.sites}>Affected sites (comma separated)</label>
          <input id={f.sites} value={form.sites} onChange={set("sites")} />
        </div>
        <div className="field field-wide">
          <label htmlFor={f.summary}>Summary</label>
          <textarea id={f.summary} rows={3} value={form.summary} onChange={set("summary")} />
        </div>
      </div>
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || form.title.trim() === "" || timeProblem !== null}
          data-testid="incident-create"
        >
          {busy ? "Opening…" : "Open the incident"}
        </button>
      </div>
    </form>
  );
}
