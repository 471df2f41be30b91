import type { ReactNode } from "react";
import { Link } from "react-router";
import { api, cachedMethodology } from "../api/endpoints.js";
import type { FieldChange, KeyedDiff, RiskLevel, ScoreRef } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { ErrorBanner, Loading } from "./Feedback.js";
import { formatValue } from "./format.js";
import { LevelById } from "./LevelBadge.js";
import { TableScroll } from "./TableScroll.js";

const MITIGATION_TEXT = new Set(["currentMitigations", "plannedMitigations"]);

/** What changed between two versions: rows, scores, mitigations, threats and workflows. */
export function DiffView(props: {
  assessment: string;
  methodology: string;
  from: string;
  to: string;
}) {
  const { assessment, from, to } = props;
  const diff = useApi((s) => api.diff(assessment, from, to, s), [assessment, from, to]);
  const m = useApi(() => cachedMethodology(props.methodology), [props.methodology]);
  const levels = m.data?.definition.levels;
  if (!diff.data) {
    return diff.loading ? (
      <Loading what="differences" />
    ) : (
      <ErrorBanner error={diff.error} title="Could not compare" onRetry={diff.reload} />
    );
  }
  const d = diff.data;
  const rowLink = (id: string, version: string) => (
    <Link
      to={`/a/${encodeURIComponent(assessment)}/rows/${encodeURIComponent(id)}?version=${encodeURIComponent(version)}`}
    >
      {id}
    </Link>
  );
  const threatMitigations = d.threats.changed
    .map((t) => ({ id: t.id, changes: t.changes.filter((c) => MITIGATION_TEXT.has(c.field)) }))
    .filter((t) => t.changes.length > 0);
  const threatOther = d.threats.changed
    .map((t) => ({ id: t.id, changes: t.changes.filter((c) => !MITIGATION_TEXT.has(c.field)) }))
    .filter((t) => t.changes.length > 0);

  return (
    <section className="diff" aria-labelledby="diff-result-h" data-testid="diff-view">
      <h2 id="diff-result-h">
        Changes from {d.from} to {d.to}
      </h2>
      <ul className="summary-chips" aria-label="Summary">
        <li>{d.summary.added} added</li>
        <li>{d.summary.removed} removed</li>
        <li>{d.summary.split} split</li>
        <li>{d.summary.merged} merged</li>
        <li>{d.summary.rescored} rescored</li>
        <li>{d.summary.mitigationsChanged} mitigation changes</li>
      </ul>

      <h3>Rows</h3>
      <dl className="diff-list">
        <dt>Added</dt>
        <dd>
          {d.rows.added.length ? joinNodes(d.rows.added.map((id) => rowLink(id, d.to))) : "none"}
        </dd>
        <dt>Removed</dt>
        <dd>
          {d.rows.removed.length
            ? joinNodes(d.rows.removed.map((id) => rowLink(id, d.from)))
            : "none"}
        </dd>
        <dt>Split</dt>
        <dd>
          {d.rows.split.length === 0
            ? "none"
            : d.rows.split.map((s) => (
                <div key={s.from}>
                  {rowLink(s.from, d.from)} <span aria-label="split into">→</span>{" "}
                  {joinNodes(s.into.map((id) => rowLink(id, d.to)))}
                </div>
              ))}
        </dd>
        <dt>Merged</dt>
        <dd>
          {d.rows.merged.length === 0
            ? "none"
            : d.rows.merged.map((x) => (
                <div key={x.into}>
                  {joinNodes(x.from.map((id) => rowLink(id, d.from)))}{" "}
                  <span aria-label="merged into">→</span> {rowLink(x.into, d.to)}
                </div>
              ))}
        </dd>
      </dl>
      {d.rows.changed.length > 0 ? <Changes title="Rows edited" items={d.rows.changed} /> : null}

      <h3>Scores moved</h3>
      {d.scores.length === 0 ? (
        <p>No score changed.</p>
      ) : (
        <TableScroll label="Scores moved">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">{d.from}</th>
                <th scope="col">{d.to}</th>
                <th scope="col">Move</th>
              </tr>
            </thead>
            <tbody>
              {d.scores.map((s) => (
                <tr key={s.rowId}>
                  <th scope="row">{rowLink(s.rowId, s.after ? d.to : d.from)}</th>
                  <td>
                    <Score s={s.before} levels={levels} />
                  </td>
                  <td>
                    <Score s={s.after} levels={levels} />
                  </td>
                  <td>{move(s.before, s.after, levels)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      <h3>Mitigations</h3>
      <KeyedChanges diff={d.mitigations} noun="mitigation" />
      {threatMitigations.length > 0 ? (
        <Changes title="Mitigation text of threats" items={threatMitigations} />
      ) : null}

      <h3>Threats</h3>
      <KeyedChanges diff={{ ...d.threats, changed: threatOther }} noun="threat" />
      <h3>Workflows</h3>
      <KeyedChanges diff={d.workflows} noun="workflow" />
    </section>
  );
}

function joinNodes(nodes: ReactNode[]): ReactNode {
  return nodes.map((n, i) => (
    <span key={i}>
      {i > 0 ? ", " : null}
      {n}
    </span>
  ));
}

function Score({ s, levels }: { s: ScoreRef | null; levels: RiskLevel[] | undefined }) {
  if (!s) return <span className="muted">unscored</span>;
  return (
    <span className="nowrap">
      L{s.likelihood} × I{s.impact} <LevelById id={s.level} levels={levels} />
    </span>
  );
}

/** Up or down by risk level first, then by likelihood × impact. */
function move(before: ScoreRef | null, after: ScoreRef | null, levels: RiskLevel[] | undefined) {
  if (!before) return "newly scored";
  if (!after) return "no longer scored";
  const rank = (s: ScoreRef) => levels?.findIndex((l) => l.id === s.level) ?? 0;
  const d =
    rank(after) - rank(before) ||
    after.likelihood * after.impact - before.likelihood * before.impact;
  return d > 0 ? "▲ up" : d < 0 ? "▼ down" : "◆ moved";
}

function KeyedChanges({ diff, noun }: { diff: KeyedDiff; noun: string }) {
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) {
    return <p>No {noun} changed.</p>;
  }
  return (
    <>
      {diff.added.length > 0 ? (
        <p>
          <strong>Added:</strong> {diff.added.join(", ")}
        </p>
      ) : null}
      {diff.removed.length > 0 ? (
        <p>
          <strong>Removed:</strong> {diff.removed.join(", ")}
        </p>
      ) : null}
      {diff.changed.length > 0 ? <Changes title={`Changed ${noun}s`} items={diff.changed} /> : null}
    </>
  );
}

function Changes({
  title,
  items,
}: {
  title: string;
  items: { id: string; changes: FieldChange[] }[];
}) {
  return (
    <TableScroll label={title}>
      <table className="table diff-table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {items.flatMap((it) =>
            it.changes.map((c, i) => (
              <tr key={`${it.id}-${c.field}`}>
                {i === 0 ? (
                  <th scope="rowgroup" rowSpan={it.changes.length}>
                    {it.id}
                  </th>
                ) : null}
                <td>{fieldLabel(c.field)}</td>
                <td className="diff-before">{formatValue(c.before)}</td>
                <td className="diff-after">{formatValue(c.after)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** "plannedMitigations" → "planned mitigations", "dueDate" → "due date". */
function fieldLabel(field: string): string {
  return field.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
