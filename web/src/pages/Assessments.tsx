import { useId, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../api/endpoints.js";
import { SETTLEMENT_RULES, type MethodologyView } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { canManage, useAuth } from "../app/auth.js";
import { ErrorBanner, Loading } from "../components/Feedback.js";
import { formatDate } from "../components/format.js";
import { StateBadge } from "../components/StateBadge.js";
import { TableScroll } from "../components/TableScroll.js";
import { useTitle } from "../components/useTitle.js";

/** Every assessment with its latest version; facilitators and admins can create one. */
export function Assessments() {
  useTitle("Assessments");
  const { user } = useAuth();
  const { data, error, loading, reload } = useApi((s) => api.assessments(s), []);
  const [creating, setCreating] = useState(false);

  return (
    <section aria-labelledby="assessments-h">
      <div className="page-head">
        <h1 id="assessments-h">Assessments</h1>
        {canManage(user?.role) && !creating ? (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setCreating(true)}
            data-testid="assessment-new"
          >
            New assessment
          </button>
        ) : null}
      </div>
      {creating ? <CreateAssessment onCancel={() => setCreating(false)} /> : null}
      {loading && !data ? <Loading what="assessments" /> : null}
      <ErrorBanner error={error} onRetry={reload} />
      {data && data.length === 0 ? <p>No assessments yet.</p> : null}
      {data && data.length > 0 ? (
        <TableScroll label="Assessments">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Assessment</th>
                <th scope="col">Latest version</th>
                <th scope="col">Methodology</th>
                <th scope="col">Default rule</th>
                <th scope="col">Created</th>
                <th scope="col">Open</th>
              </tr>
            </thead>
            <tbody>
              {data.map((a) => {
                const base = `/a/${encodeURIComponent(a.id)}`;
                return (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link to={`${base}/table`} className="strong-link">
                        {a.title}
                      </Link>
                      <div className="muted small">
                        <code>{a.id}</code>
                        {a.illustrative ? <span className="tag">illustrative</span> : null}
                      </div>
                    </th>
                    <td>
                      {a.latest ? (
                        <>
                          {a.latest.label} <StateBadge state={a.latest.state} />
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>{a.methodologyId}</td>
                    <td>{a.defaultRule}</td>
                    <td>
                      {formatDate(a.createdAt)}
                      <div className="muted small">by {a.createdBy}</div>
                    </td>
                    <td className="nowrap">
                      <Link to={`${base}/table`}>Table</Link> · <Link to={base}>Versions</Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </section>
  );
}

function CreateAssessment({ onCancel }: { onCancel: () => void }) {
  const navigate = useNavigate();
  const methodologies = useApi((s) => api.methodologies(s), []);
  const f = {
    id: useId(),
    title: useId(),
    description: useId(),
    methodology: useId(),
    rule: useId(),
    first: useId(),
  };
  const [form, setForm] = useState({
    id: "",
    title: "",
    description: "",
    methodology: "",
    defaultRule: "highest-mode",
    firstVersion: "v0.1",
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((x) => ({ ...x, [k]: e.target.value }));
  const list: MethodologyView[] = methodologies.data ?? [];
  const methodology =
    form.methodology || list.find((x) => x.id === "ttt-5x5")?.id || list[0]?.id || "";

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const a = await api.createAssessment({
        id: form.id.trim(),
        title: form.title.trim(),
        methodology,
        defaultRule: form.defaultRule,
        ...(form.description.trim() ? { description: form.description.trim() } : {}),
        ...(form.firstVersion.trim() ? { firstVersion: form.firstVersion.trim() } : {}),
      });
      void navigate(`/a/${encodeURIComponent(a.id)}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-labelledby="create-h">
      <h2 id="create-h">New assessment</h2>
      <ErrorBanner error={error} title="Could not create the assessment" />
      <ErrorBanner error={methodologies.error} title="Could not load the methodologies" />
      <div className="form-grid">
        <div className="field">
          <label htmlFor={f.id}>Id (lower-case letters, digits and -)</label>
          <input
            id={f.id}
            required
            pattern="[a-z0-9][a-z0-9\-]{0,63}"
            value={form.id}
            onChange={set("id")}
            placeholder="e.g. wlcg-2027"
            data-testid="assessment-id"
          />
        </div>
        <div className="field">
          <label htmlFor={f.title}>Title</label>
          <input
            id={f.title}
            required
            maxLength={200}
            value={form.title}
            onChange={set("title")}
            data-testid="assessment-title"
          />
        </div>
        <div className="field">
          <label htmlFor={f.methodology}>Methodology</label>
          <select id={f.methodology} required value={methodology} onChange={set("methodology")}>
            {list.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={f.rule}>Default settlement rule</label>
          <select id={f.rule} value={form.defaultRule} onChange={set("defaultRule")}>
            {SETTLEMENT_RULES.filter((r) => r !== "facilitator").map((r) => (
              <option key={r} value={r}>
                {r === "highest-mode" ? "highest-mode (aim high on split votes)" : r}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={f.first}>First version label</label>
          <input id={f.first} value={form.firstVersion} onChange={set("firstVersion")} />
        </div>
        <div className="field field-wide">
          <label htmlFor={f.description}>Description (optional)</label>
          <textarea
            id={f.description}
            rows={3}
            value={form.description}
            onChange={set("description")}
          />
        </div>
      </div>
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || methodology === ""}
          data-testid="assessment-create-submit"
        >
          {busy ? "Creating…" : "Create assessment"}
        </button>
      </div>
    </form>
  );
}
