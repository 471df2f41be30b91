import type { SettlementView } from "../api/types.js";
import { formatDate } from "./format.js";
import { LevelBadge } from "./LevelBadge.js";
import { TableScroll } from "./TableScroll.js";

/** Every settlement of a row, oldest first, the current one marked. */
export function SettlementHistory({ items }: { items: SettlementView[] }) {
  if (items.length === 0) return <p className="muted">Never settled.</p>;
  return (
    <TableScroll label="Settlement history">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Settled</th>
            <th scope="col">Score</th>
            <th scope="col">Rule</th>
            <th scope="col">Raw</th>
            <th scope="col">Rounding</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id} className={s.current ? "current" : undefined}>
              <th scope="row">
                {formatDate(s.settledAt)}
                <div className="muted small">
                  by {s.settledBy}
                  {s.carriedFrom ? ` · carried from ${s.carriedFrom}` : ""}
                </div>
                {s.current ? <span className="tag">current</span> : null}
              </th>
              <td className="nowrap">
                L{s.likelihood} I{s.impact} <LevelBadge label={s.levelLabel} color={s.color} />
              </td>
              <td>{s.rule}</td>
              <td className="nowrap">
                L {s.raw.likelihood}, I {s.raw.impact}
              </td>
              <td>{s.rounding}</td>
              <td>{s.reason ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
