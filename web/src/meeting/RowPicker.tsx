import { useState } from "react";
import { scoreText, textOn } from "./format.js";
import type { RoomState } from "./protocol.js";
import "./meeting.css";
import "./meeting-lists.css";

/**
 * The rows of the version being scored. The facilitator picks one (select-row); everyone else
 * sees the same list as the meeting's progress.
 */
export function RowPicker(props: {
  rows: RoomState["rows"];
  current: string | null;
  canPick: boolean;
  onPick: (row: string) => void;
}) {
  const { rows, current, canPick, onPick } = props;
  const [filter, setFilter] = useState("");
  const f = filter.trim().toLowerCase();
  const shown = f
    ? rows.filter((r) => r.id.toLowerCase().includes(f) || r.title.toLowerCase().includes(f))
    : rows;
  const settled = rows.filter((r) => r.score !== null).length;
  const nextUnscored = rows.find((r) => r.score === null && r.id !== current);
  return (
    <section className="mt-panel mt-rows" aria-labelledby="mt-rows-h">
      <h2 id="mt-rows-h">
        Rows{" "}
        <span className="mt-muted">
          ({settled} of {rows.length} settled)
        </span>
      </h2>
      <label className="mt-field">
        <span>Filter rows</span>
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="e.g. 4a or theft"
        />
      </label>
      {canPick && nextUnscored && (
        <button
          type="button"
          className="mt-btn"
          data-testid="pick-next-unscored"
          onClick={() => onPick(nextUnscored.id)}
        >
          Next unscored: {nextUnscored.id}
        </button>
      )}
      <ul className="mt-row-list">
        {shown.map((r) => {
          const body = (
            <>
              <span className="mt-row-id">{r.id}</span>
              <span className="mt-row-title">{r.title}</span>
              {r.score ? (
                <span
                  className="mt-chip"
                  style={{ background: r.score.color, color: textOn(r.score.color) }}
                >
                  {scoreText(r.score)}
                </span>
              ) : (
                <span className="mt-chip mt-chip-empty">unscored</span>
              )}
            </>
          );
          const isCurrent = r.id === current;
          return (
            <li key={r.id}>
              {canPick ? (
                <button
                  type="button"
                  className={`mt-row-item${isCurrent ? " mt-current" : ""}`}
                  data-testid={`pick-row-${r.id}`}
                  aria-current={isCurrent ? "true" : undefined}
                  onClick={() => onPick(r.id)}
                >
                  {body}
                </button>
              ) : (
                <div
                  className={`mt-row-item${isCurrent ? " mt-current" : ""}`}
                  aria-current={isCurrent ? "true" : undefined}
                >
                  {body}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
