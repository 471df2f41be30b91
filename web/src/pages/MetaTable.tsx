import { Link } from "react-router";
import { api, cachedMethodology } from "../api/endpoints.js";
import type { RowView, Threat, Workflow } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { useAssessment } from "../app/AssessmentLayout.js";
import { ErrorBanner, Loading } from "../components/Feedback.js";
import { isSplit, MetaCell, MetaLegend } from "../components/MetaCell.js";
import { StateBadge } from "../components/StateBadge.js";
import { TableScroll } from "../components/TableScroll.js";
import { useTitle } from "../components/useTitle.js";
import { useVersionParam, VersionPicker } from "../components/VersionPicker.js";

interface ThreatGroup {
  threat: Pick<Threat, "id" | "title" | "placeholder">;
  generic: RowView[];
  perWorkflow: RowView[];
}

/** Groups rows by threat in catalogue order: generic rows span, the others go per workflow. */
function groupRows(threats: Threat[], rows: RowView[]): ThreatGroup[] {
  const groups = new Map<string, ThreatGroup>();
  for (const t of [...threats].sort((a, b) => a.position - b.position)) {
    if (t.retired && !rows.some((r) => r.threat.id === t.id)) continue;
    groups.set(t.id, { threat: t, generic: [], perWorkflow: [] });
  }
  for (const r of rows) {
    let g = groups.get(r.threat.id);
    if (!g) {
      g = { threat: r.threat, generic: [], perWorkflow: [] };
      groups.set(r.threat.id, g);
    }
    (r.workflow === null ? g.generic : g.perWorkflow).push(r);
  }
  return [...groups.values()];
}

/** Workflow columns: every workflow not retired, plus retired ones that still have rows. */
function workflowColumns(workflows: Workflow[], rows: RowView[]): Workflow[] {
  const used = new Set(rows.map((r) => r.workflow?.id).filter((x) => x !== undefined));
  return workflows
    .filter((w) => !w.retired || used.has(w.id))
    .sort((a, b) => a.position - b.position);
}

/** The meta-table: threats down, workflows across, each cell a row's settled score. */
export function MetaTable() {
  const { assessment } = useAssessment();
  const version = useVersionParam();
  const a = assessment.id;
  const rows = useApi((s) => api.rows(a, version, s), [a, version]);
  const cat = useApi((s) => api.catalogue(a, version, s), [a, version]);
  const m = useApi(() => cachedMethodology(assessment.methodologyId), [assessment.methodologyId]);
  const label = rows.data?.version.label ?? version ?? assessment.latest?.label ?? "";
  useTitle(`Meta-table ${label} · ${a}`);

  const ready = rows.data !== undefined && cat.data !== undefined;
  const columns = ready ? workflowColumns(cat.data?.workflows ?? [], rows.data?.rows ?? []) : [];
  const groups = ready ? groupRows(cat.data?.threats ?? [], rows.data?.rows ?? []) : [];
  const q = `?version=${encodeURIComponent(label)}`;
  const rowHref = (id: string) => `/a/${encodeURIComponent(a)}/rows/${encodeURIComponent(id)}${q}`;
  const all = rows.data?.rows ?? [];
  const unscored = all.filter((r) => r.score === null).length;
  const split = all.filter((r) => isSplit(r)).length;

  return (
    <section aria-labelledby="meta-h">
      <div className="page-head">
        <h1 id="meta-h">
          Meta-table{" "}
          {rows.data ? (
            <span className="h-sub">
              {rows.data.version.label} <StateBadge state={rows.data.version.state} />
            </span>
          ) : null}
        </h1>
        <VersionPicker versions={assessment.versions} />
      </div>
      <ErrorBanner error={rows.error ?? cat.error} onRetry={() => (rows.reload(), cat.reload())} />
      {!ready ? (
        rows.loading || cat.loading ? (
          <Loading what="meta-table" />
        ) : null
      ) : (
        <>
          <p className="muted">
            {all.length} rows · {unscored} unscored · {split} with a split last round. Select a cell
            to open its row.
          </p>
          <TableScroll label="Meta-table, scrolls horizontally">
            <table className="table meta-table">
              <caption className="visually-hidden">
                Threats down, workflows across; each cell shows likelihood, impact and risk level.
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="sticky-col">
                    Threat
                  </th>
                  {columns.map((w) => (
                    <th scope="col" key={w.id} className="wf-head">
                      <span className="wf-id">{w.id}</span>
                      <span className="wf-name">{w.name}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => {
                  const span = g.generic.length + (g.perWorkflow.length > 0 ? 1 : 0) || 1;
                  const head = (
                    <th scope="row" rowSpan={span} className="sticky-col threat-head">
                      <span className="threat-id">{g.threat.id}</span>{" "}
                      <span className="threat-title">{g.threat.title}</span>
                      {g.threat.placeholder ? (
                        <span className="tag tag-placeholder">placeholder</span>
                      ) : null}
                    </th>
                  );
                  const trs = g.generic.map((r, i) => (
                    <tr key={r.id}>
                      {i === 0 ? head : null}
                      <td colSpan={Math.max(columns.length, 1)} className="meta-td generic">
                        <MetaCell row={r} href={rowHref(r.id)} />
                      </td>
                    </tr>
                  ));
                  if (g.perWorkflow.length > 0) {
                    trs.push(
                      <tr key={`${g.threat.id}-wf`}>
                        {g.generic.length === 0 ? head : null}
                        {columns.map((w) => {
                          const here = g.perWorkflow.filter((r) => r.workflow?.id === w.id);
                          return (
                            <td key={w.id} className="meta-td">
                              {here.length === 0 ? (
                                <span className="muted" aria-label="no row">
                                  —
                                </span>
                              ) : (
                                here.map((r) => (
                                  <MetaCell key={r.id} row={r} href={rowHref(r.id)} />
                                ))
                              )}
                            </td>
                          );
                        })}
                      </tr>,
                    );
                  }
                  if (trs.length === 0) {
                    trs.push(
                      <tr key={g.threat.id}>
                        {head}
                        <td colSpan={Math.max(columns.length, 1)} className="muted">
                          No active row.
                        </td>
                      </tr>,
                    );
                  }
                  return trs;
                })}
              </tbody>
            </table>
          </TableScroll>
          <MetaLegend levels={m.data?.definition.levels} />
          <p>
            <Link to={`/a/${encodeURIComponent(a)}/heatmap${q}`}>Heatmap of {label}</Link> ·{" "}
            <Link to={`/a/${encodeURIComponent(a)}/mitigations${q}`}>Mitigations of {label}</Link>
          </p>
        </>
      )}
    </section>
  );
}
