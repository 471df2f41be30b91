import { Link } from "react-router";
import type { RiskLevel, RowView } from "../api/types.js";
import { readableText } from "./color.js";
import { LevelBadge } from "./LevelBadge.js";

/** Whether the row's last revealed round was graded "split" on either axis. */
export function isSplit(r: RowView): boolean {
  const c = r.rounds.lastConsensus;
  return c !== null && (c.likelihood === "split" || c.impact === "split");
}

/**
 * One row's score in the meta-table: L, I and the level in the level's colour. Unscored rows
 * get a hatched pattern and the word "Unscored"; a split last round gets a dashed border and
 * the words "Split vote" — never colour alone.
 */
export function MetaCell({ row, href }: { row: RowView; href: string }) {
  const s = row.score;
  const split = isSplit(row);
  const bg = s?.color;
  const style = bg ? { backgroundColor: bg, color: readableText(bg) } : undefined;
  const label = [
    `Row ${row.id}`,
    row.variant ? `(${row.variant})` : "",
    s ? `: likelihood ${s.likelihood}, impact ${s.impact}, ${s.levelLabel}` : ": unscored",
    split ? "; last round split" : "",
    row.rounds.open ? "; a round is open" : "",
    row.threat.placeholder ? "; placeholder threat" : "",
  ].join("");
  const classes = ["meta-cell", s ? "" : "is-unscored", split ? "is-split" : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <Link
      to={href}
      className={classes}
      style={style}
      aria-label={label}
      data-testid={`cell-${row.id}`}
      data-level={s?.level ?? "unscored"}
      data-likelihood={s?.likelihood}
      data-impact={s?.impact}
    >
      <span className="cell-id">
        {row.id}
        {row.variant ? <span className="cell-variant"> · {row.variant}</span> : null}
      </span>
      {s ? (
        <span className="cell-score">
          <span>L{s.likelihood}</span> <span>I{s.impact}</span>{" "}
          <strong className="cell-level">{s.levelLabel}</strong>
        </span>
      ) : (
        <span className="cell-score">
          <strong>Unscored</strong>
        </span>
      )}
      {split ? (
        <span className="cell-flag">
          <span aria-hidden="true">⚠</span> Split vote
        </span>
      ) : null}
      {row.rounds.open ? (
        <span className="cell-flag">
          <span aria-hidden="true">●</span> Round open
        </span>
      ) : null}
    </Link>
  );
}

/** The key to the meta-table: the methodology's levels and the two markers. */
export function MetaLegend({ levels }: { levels: RiskLevel[] | undefined }) {
  return (
    <div className="legend" aria-label="Legend">
      <span className="legend-title">Legend:</span>
      {(levels ?? []).map((l) => (
        <LevelBadge key={l.id} label={l.label} color={l.color} />
      ))}
      <span className="meta-cell is-unscored legend-sample">
        <strong>Unscored</strong>
      </span>
      <span className="meta-cell is-split legend-sample">
        <span aria-hidden="true">⚠</span> Split vote
      </span>
      <span className="tag tag-placeholder">placeholder</span>
      <span className="muted small">L likelihood · I impact</span>
    </div>
  );
}
