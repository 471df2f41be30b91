import { useId, useMemo } from "react";
import { useSearchParams } from "react-router";
import type { VersionView } from "../api/types.js";
import { useAssessment } from "../app/AssessmentLayout.js";
import { ErrorBanner, Loading } from "../components/Feedback.js";
import { VersionPicker } from "../components/VersionPicker.js";
import { textOn } from "../meeting/format.js";
import { useHeatmapData, type HeatmapData } from "../meeting/heatmap-data.js";
import { buildCells, describeMove, movesBetween } from "../meeting/heatmap-model.js";
import { HeatGrid } from "../meeting/HeatGrid.js";
import "../meeting/meeting.css";
import "../meeting/heatmap.css";

/**
 * The heatmap of a version (/a/:assessment/heatmap?version=&compare=): a cell per
 * (likelihood, impact) with its count and row ids; comparing with another version shows
 * which rows moved, where from.
 */
export function Heatmap() {
  const { assessment } = useAssessment();
  const [params, setParams] = useSearchParams();
  const version = params.get("version") || null;
  const compare = params.get("compare") || null;
  const { data, error, loading, reload } = useHeatmapData(
    assessment.id,
    assessment.methodologyId,
    version,
    compare,
  );

  const setCompare = (value: string): void => {
    const next = new URLSearchParams(params);
    if (value) next.set("compare", value);
    else next.delete("compare");
    setParams(next, { replace: true });
  };

  return (
    <div className="mt-heat-page" data-testid="heatmap-page">
      <h1>Heatmap</h1>
      {loading && !data ? <Loading what="heatmap" /> : null}
      <ErrorBanner error={error} title="Heatmap" onRetry={reload} />
      {data ? (
        <Ready
          data={data}
          versions={assessment.versions}
          compare={compare}
          setCompare={setCompare}
        />
      ) : null}
    </div>
  );
}

function Ready(props: {
  data: HeatmapData;
  versions: VersionView[];
  compare: string | null;
  setCompare: (value: string) => void;
}) {
  const { data, versions, compare, setCompare } = props;
  const { methodology: m, current } = data;
  const shown = current.version.label;
  const moves = useMemo(
    () => (data.compare ? movesBetween(current.rows, data.compare.rows) : []),
    [current, data.compare],
  );
  const cells = useMemo(() => buildCells(m, current.rows, moves), [m, current, moves]);
  const unscored = current.rows.filter((r) => r.score === null);
  const others = versions.filter((v) => v.label !== shown);
  const comparing = data.compare ? data.compare.version.label : null;
  const compareId = useId();

  return (
    <>
      <div className="mt-heat-controls">
        <VersionPicker versions={versions} />
        <div className="field field-inline">
          <label htmlFor={compareId}>Compare with</label>
          <select
            id={compareId}
            data-testid="heat-compare"
            value={compare ?? ""}
            onChange={(e) => setCompare(e.target.value)}
          >
            <option value="">— no comparison —</option>
            {others.map((v) => (
              <option key={v.label} value={v.label}>
                {v.label} ({v.state})
              </option>
            ))}
          </select>
        </div>
        <p className="mt-muted" aria-live="polite">
          {current.rows.length} rows in {shown} ({current.version.state}),{" "}
          {current.rows.length - unscored.length} scored
          {comparing ? ` · ${moves.length} changed since ${comparing}` : ""}
        </p>
      </div>
      <ul className="mt-heat-legend" aria-label="Risk levels">
        {m.levels.map((l) => (
          <li key={l.id} style={{ background: l.color, color: textOn(l.color) }}>
            {l.label}
          </li>
        ))}
      </ul>
      <HeatGrid
        assessment={current.assessment}
        methodology={m}
        cells={cells}
        comparing={comparing}
      />
      <div className="mt-heat-side">
        {comparing && (
          <section className="mt-panel" aria-labelledby="mt-moved-h">
            <h2 id="mt-moved-h">
              Moved since {comparing} ({moves.length})
            </h2>
            {moves.length === 0 ? (
              <p className="mt-muted">No row changed cell.</p>
            ) : (
              <ul data-testid="moved-list">
                {moves.map((mv) => (
                  <li key={mv.row} data-testid={`moved-${mv.row}`} data-kind={mv.kind}>
                    {describeMove(mv)}
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        <section className="mt-panel" aria-labelledby="mt-unscored-h">
          <h2 id="mt-unscored-h">
            Not scored in {shown} ({unscored.length})
          </h2>
          {unscored.length === 0 ? (
            <p className="mt-muted">Every row has a settled score.</p>
          ) : (
            <p data-testid="unscored">{unscored.map((r) => r.id).join(", ")}</p>
          )}
        </section>
      </div>
    </>
  );
}
