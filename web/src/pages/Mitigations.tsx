import { useId } from "react";
import { useSearchParams } from "react-router";
import { api, cachedMethodology } from "../api/endpoints.js";
import type { MitigationView } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { useAssessment } from "../app/AssessmentLayout.js";
import { ErrorBanner, Loading } from "../components/Feedback.js";
import { MitigationTable } from "../components/MitigationTable.js";
import { useTitle } from "../components/useTitle.js";
import { useVersionParam, VersionPicker } from "../components/VersionPicker.js";

const STATUSES = ["proposed", "planned", "in-progress", "done", "rejected"] as const;
const NO_OWNER = "(none)";

/** The mitigation tracker: low-hanging fruit first, filterable by status and owner. */
export function Mitigations() {
  const { assessment } = useAssessment();
  const version = useVersionParam();
  const a = assessment.id;
  const [params, setParams] = useSearchParams();
  const status = params.get("status") ?? "";
  const owner = params.get("owner") ?? "";
  const fruitOnly = params.get("fruit") === "1";
  const ids = { status: useId(), owner: useId(), fruit: useId() };
  const list = useApi((s) => api.mitigations(a, version, s), [a, version]);
  const m = useApi(() => cachedMethodology(assessment.methodologyId), [assessment.methodologyId]);
  const label = version ?? assessment.latest?.label ?? "";
  useTitle(`Mitigations ${label} · ${a}`);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const all = list.data ?? [];
  const owners = [...new Set(all.map((x) => x.owner ?? NO_OWNER))].sort();
  const shown = sortFruitFirst(
    all.filter(
      (x) =>
        (!status || x.status === status) &&
        (!owner || (x.owner ?? NO_OWNER) === owner) &&
        (!fruitOnly || x.lowHangingFruit),
    ),
  );
  const fruit = all.filter((x) => x.lowHangingFruit).length;
  const q = `?version=${encodeURIComponent(label)}`;

  return (
    <section aria-labelledby="mitigations-h">
      <div className="page-head">
        <h1 id="mitigations-h">Mitigations</h1>
        <VersionPicker versions={assessment.versions} />
      </div>
      <p className="lead">
        Make sure low-hanging fruit gets implemented: low effort, on a row at High or above, not
        done yet. {fruit > 0 ? `${fruit} such item${fruit === 1 ? "" : "s"}, listed first.` : ""}
      </p>
      <form
        className="filters"
        aria-label="Filter mitigations"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field field-inline">
          <label htmlFor={ids.status}>Status</label>
          <select
            id={ids.status}
            value={status}
            onChange={(e) => setFilter("status", e.target.value)}
            data-testid="filter-status"
          >
            <option value="">all</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor={ids.owner}>Owner</label>
          <select
            id={ids.owner}
            value={owner}
            onChange={(e) => setFilter("owner", e.target.value)}
            data-testid="filter-owner"
          >
            <option value="">all</option>
            {owners.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </div>
        <div className="field field-check">
          <input
            id={ids.fruit}
            type="checkbox"
            checked={fruitOnly}
            onChange={(e) => setFilter("fruit", e.target.checked ? "1" : "")}
          />
          <label htmlFor={ids.fruit}>Low-hanging fruit only</label>
        </div>
        {status || owner || fruitOnly ? (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              const next = new URLSearchParams(params);
              ["status", "owner", "fruit"].forEach((k) => next.delete(k));
              setParams(next, { replace: true });
            }}
          >
            Clear filters
          </button>
        ) : null}
      </form>
      <ErrorBanner error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading what="mitigations" /> : null}
      {list.data ? (
        <>
          <p className="muted" role="status">
            Showing {shown.length} of {all.length}.
          </p>
          {shown.length > 0 ? (
            <MitigationTable
              items={shown}
              label="Mitigation tracker"
              levels={m.data?.definition.levels}
              rowHref={(row) => `/a/${encodeURIComponent(a)}/rows/${encodeURIComponent(row)}${q}`}
            />
          ) : (
            <p>No mitigation matches.</p>
          )}
        </>
      ) : null}
    </section>
  );
}

function sortFruitFirst(xs: MitigationView[]): MitigationView[] {
  return xs
    .map((x, i) => ({ x, i }))
    .sort((p, q) => Number(q.x.lowHangingFruit) - Number(p.x.lowHangingFruit) || p.i - q.i)
    .map((p) => p.x);
}
