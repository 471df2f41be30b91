import type { CSSProperties } from "react";
import { Link } from "react-router";
import { textOn } from "./format.js";
import type { Methodology } from "./heatmap-data.js";
import { arrow, cellAt, where, type HeatCell } from "./heatmap-model.js";
import "./heatmap.css";

/** Where a moved chip slides in from: one cell step per unit, as CSS offsets. */
function slide(c: HeatCell, from: { likelihood: number; impact: number }): CSSProperties {
  const dx = Math.sign(from.impact - c.impact) * 2;
  const dy = Math.sign(c.likelihood - from.likelihood) * 2;
  return { "--mt-dx": `${dx}rem`, "--mt-dy": `${dy}rem` } as CSSProperties;
}

/** The heatmap: likelihood up, impact across, each cell in its level's colour with its rows. */
export function HeatGrid(props: {
  assessment: string;
  methodology: Methodology;
  cells: Map<string, HeatCell>;
  comparing: string | null;
}) {
  const { assessment, methodology: m, cells, comparing } = props;
  const likelihoods = [...m.likelihood].reverse();
  return (
    <div className="mt-heat-wrap">
      <table className="mt-heat" data-testid="heatmap">
        <caption className="mt-sr-only">
          Rows per likelihood (rows, highest first) and impact (columns)
          {comparing ? `, with moves since ${comparing}` : ""}
        </caption>
        <colgroup>
          <col className="mt-heat-col-axis" />
          <col className="mt-heat-col-head" />
          {m.impact.map((i) => (
            <col key={i.value} />
          ))}
        </colgroup>
        <tbody>
          {likelihoods.map((l, idx) => (
            <tr key={l.value}>
              {idx === 0 && (
                <th rowSpan={likelihoods.length} scope="rowgroup" className="mt-heat-axis-y">
                  <span>Likelihood ↑</span>
                </th>
              )}
              <th scope="row" className="mt-heat-lhead" title={l.description}>
                <strong>{l.value}</strong> <span className="mt-heat-scale">{l.label}</span>
              </th>
              {m.impact.map((i) => {
                const c = cellAt(cells, l.value, i.value);
                return c ? (
                  <Cell key={i.value} c={c} assessment={assessment} />
                ) : (
                  <td key={i.value} />
                );
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={2} />
            {m.impact.map((i) => (
              <th key={i.value} scope="col" className="mt-heat-ihead" title={i.description}>
                <strong>{i.value}</strong> <span className="mt-heat-scale">{i.label}</span>
              </th>
            ))}
          </tr>
          <tr>
            <td colSpan={2} />
            <th colSpan={m.impact.length} scope="colgroup" className="mt-heat-axis-x">
              Impact →
            </th>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function Cell(props: { c: HeatCell; assessment: string }) {
  const { c, assessment } = props;
  const bg = c.level?.color ?? "#eeeeee";
  const fg = textOn(bg);
  const moved = new Map(c.movedIn.map((mv) => [mv.row, mv]));
  const label =
    `Likelihood ${c.likelihood}, impact ${c.impact}, ${c.level?.label ?? "no level"}: ` +
    `${c.rows.length} row${c.rows.length === 1 ? "" : "s"}`;
  return (
    <td
      className="mt-heat-cell"
      style={{ background: bg, color: fg }}
      data-testid={`heat-${c.likelihood}-${c.impact}`}
      data-count={c.rows.length}
      data-rows={c.rows.join(" ")}
    >
      <span className="mt-sr-only">{label}</span>
      <div>
        <div className="mt-heat-top" aria-hidden="true">
          <span className="mt-heat-level">{c.level?.label}</span>
          <span className="mt-heat-count">{c.rows.length || ""}</span>
        </div>
        <ul className="mt-heat-rows">
          {c.rows.map((id) => {
            const mv = moved.get(id);
            return (
              <li
                key={id}
                className={mv ? "mt-heat-moved" : undefined}
                style={mv?.from ? slide(c, mv.from) : undefined}
                data-row={id}
              >
                <Link to={`/a/${encodeURIComponent(assessment)}/rows/${encodeURIComponent(id)}`}>
                  {mv && (
                    <span className="mt-heat-arrow" aria-hidden="true">
                      {arrow(mv)}
                    </span>
                  )}
                  {id}
                </Link>
                {mv?.from && (
                  <span className="mt-heat-from">
                    {" "}
                    from {mv.kind === "split" ? `${mv.related.join(", ")} ` : ""}
                    {where(mv.from)}
                  </span>
                )}
              </li>
            );
          })}
          {c.movedOut.map((mv) => (
            <li
              key={`out-${mv.row}`}
              className="mt-heat-ghost"
              data-moved-out={mv.row}
              aria-label={`${mv.row} was here in the compared version`}
            >
              {mv.row} {mv.to ? `→ ${where(mv.to)}` : mv.related.length ? "(split)" : "(gone)"}
            </li>
          ))}
        </ul>
      </div>
    </td>
  );
}
