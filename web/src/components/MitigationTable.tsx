import { Link } from "react-router";
import type { Mitigation, MitigationView, RiskLevel } from "../api/types.js";
import { formatDay, today } from "./format.js";
import { LevelById } from "./LevelBadge.js";
import { TableScroll } from "./TableScroll.js";

const OPEN = new Set(["proposed", "planned", "in-progress"]);

function isView(m: Mitigation | MitigationView): m is MitigationView {
  return "lowHangingFruit" in m;
}

/**
 * Mitigation items as a table: rows (with their levels when known), kind, status, owner, due
 * date and effort. Low-hanging fruit is marked by text and style; overdue dates by text.
 */
export function MitigationTable({
  items,
  label,
  levels,
  rowHref,
}: {
  items: (Mitigation | MitigationView)[];
  label: string;
  levels?: RiskLevel[] | undefined;
  rowHref?: (row: string) => string;
}) {
  const now = today();
  return (
    <TableScroll label={label}>
      <table className="table mitigations">
        <thead>
          <tr>
            <th scope="col">Mitigation</th>
            <th scope="col">Rows</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Owner</th>
            <th scope="col">Due</th>
            <th scope="col">Effort</th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => {
            const fruit = isView(m) && m.lowHangingFruit;
            const overdue = m.dueDate !== null && m.dueDate < now && OPEN.has(m.status);
            return (
              <tr
                key={m.id}
                className={fruit ? "fruit" : undefined}
                data-testid={`mitigation-${m.id}`}
              >
                <th scope="row">
                  {fruit ? (
                    <span className="tag tag-fruit">
                      <span aria-hidden="true">★ </span>Low-hanging fruit
                    </span>
                  ) : null}
                  <span className="mit-id">{m.id}</span> {m.title}
                  {m.description ? <div className="muted small">{m.description}</div> : null}
                </th>
                <td>
                  <ul className="plain-list">
                    {isView(m)
                      ? m.rowLevels.map((r) => (
                          <li key={r.row}>
                            {rowHref ? <Link to={rowHref(r.row)}>{r.row}</Link> : r.row}{" "}
                            <LevelById id={r.level} levels={levels} />
                          </li>
                        ))
                      : m.rows.map((r) => (
                          <li key={r}>{rowHref ? <Link to={rowHref(r)}>{r}</Link> : r}</li>
                        ))}
                  </ul>
                </td>
                <td>{m.kind}</td>
                <td>
                  <span className={`status status-${m.status}`}>{m.status}</span>
                </td>
                <td>{m.owner ?? <span className="warn-text">no owner</span>}</td>
                <td className="nowrap">
                  {formatDay(m.dueDate)}
                  {overdue ? (
                    <div className="warn-text">
                      <span aria-hidden="true">⚠ </span>overdue
                    </div>
                  ) : null}
                </td>
                <td>{m.effort}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
