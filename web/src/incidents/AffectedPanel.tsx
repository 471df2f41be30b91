import { useId, useState, type FormEvent } from "react";
import { incidentsApi, type Identity, type IncidentView } from "../api/incidents.js";
import { ErrorBanner } from "../components/Feedback.js";
import { useIncidentAction } from "./use-incident-action.js";

/** "sub at iss" per line ↔ identities; a line that is not "<sub> at <issuer>" is named. */
export function parseIdentities(text: string): { identities: Identity[]; bad: string[] } {
  const identities: Identity[] = [];
  const bad: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const m = /^(\S+) at (\S+)$/.exec(line);
    if (m === null) bad.push(line);
    else identities.push({ sub: m[1]!, iss: m[2]! });
  }
  return { identities, bad };
}

const idLines = (v: IncidentView) =>
  v.affectedIdentities.map((x) => `${x.sub} at ${x.iss}`).join("\n");

/**
 * The affected sites and identities: shown, and edited as plain text (sites comma-separated,
 * one "<sub> at <issuer>" per line); what changed goes into the action log.
 */
export function AffectedPanel({
  view,
  onChange,
}: {
  view: IncidentView;
  onChange: (v: IncidentView) => void;
}) {
  const ids = { sites: useId(), identities: useId() };
  const [editing, setEditing] = useState(false);
  const [sites, setSites] = useState(view.affectedSites.join(", "));
  const [identities, setIdentities] = useState(idLines(view));
  const { busy, error, run } = useIncidentAction((v) => {
    onChange(v);
    setEditing(false);
  });
  const parsed = parseIdentities(identities);
  async function save(e: FormEvent) {
    e.preventDefault();
    if (parsed.bad.length > 0) return;
    const list = sites
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    await run(() => incidentsApi.affected(view.id, list, parsed.identities));
  }
  function edit() {
    setSites(view.affectedSites.join(", "));
    setIdentities(idLines(view));
    setEditing(true);
  }
  return (
    <section className="card" aria-labelledby="affected-h" data-testid="incident-affected">
      <h2 id="affected-h">Affected sites and identities</h2>
      {!editing ? (
        <>
          <p>
            <strong>Sites:</strong>{" "}
            {view.affectedSites.length === 0 ? "none recorded" : view.affectedSites.join(", ")}
          </p>
          <p>
            <strong>Identities:</strong>{" "}
            {view.affectedIdentities.length === 0 ? "none recorded" : null}
          </p>
          <ul>
            {view.affectedIdentities.map((x) => (
              <li key={`${x.iss} ${x.sub}`}>
                <code>{x.sub}</code> at {x.iss}
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="btn btn-small"
            onClick={edit}
            data-testid="affected-edit"
          >
            Edit
          </button>
        </>
      ) : (
        <form className="form" onSubmit={(e) => void save(e)}>
          <ErrorBanner error={error} title="The lists were not saved" />
          <div className="field">
            <label htmlFor={ids.sites}>Sites (comma separated)</label>
            <input
              id={ids.sites}
              value={sites}
              onChange={(e) => setSites(e.target.value)}
              data-testid="affected-sites"
            />
          </div>
          <div className="field">
            <label htmlFor={ids.identities}>
              Identities, one per line: &lt;sub&gt; at &lt;issuer&gt;
            </label>
            <textarea
              id={ids.identities}
              rows={3}
              value={identities}
              onChange={(e) => setIdentities(e.target.value)}
              aria-invalid={parsed.bad.length > 0}
              aria-describedby={parsed.bad.length > 0 ? `${ids.identities}-err` : undefined}
              data-testid="affected-identities"
            />
            {parsed.bad.length > 0 ? (
              <p id={`${ids.identities}-err`} className="warn-text">
                Not “&lt;sub&gt; at &lt;issuer&gt;”: {parsed.bad.join("; ")}
              </p>
            ) : null}
          </div>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setEditing(false)} disabled={busy}>
              Cancel
            </button>
            <button
              type="submit"
              className="btn btn-primary"
              disabled={busy || parsed.bad.length > 0}
              data-testid="affected-save"
            >
              Save
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
