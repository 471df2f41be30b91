import { Link } from "react-router";
import type { BanView } from "../api/respond.js";
import { formatDate } from "../components/format.js";
import { TableScroll } from "../components/TableScroll.js";
import { KIND_INFO, MIDDLEWARE_NAMES } from "./ban-kinds.js";
import "./respond.css";

/** The bans as a table: what each denies, its window, state and where it cannot be enforced. */
export function BansTable({
  bans,
  onLift,
}: {
  bans: BanView[];
  /** Present when the user may lift bans. */
  onLift?: ((ban: BanView) => void) | undefined;
}) {
  return (
    <TableScroll label="Bans">
      <table className="table bans-table" data-testid="bans-table">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Denies</th>
            <th scope="col">Issuer</th>
            <th scope="col">State</th>
            <th scope="col">Reason</th>
            <th scope="col">Incident</th>
            <th scope="col">Created / window</th>
            <th scope="col">Not enforceable at</th>
            {onLift ? <th scope="col">Action</th> : null}
          </tr>
        </thead>
        <tbody>
          {bans.map((b) => (
            <tr key={b.id} data-testid={`ban-row-${b.id}`}>
              <th scope="row">
                {KIND_INFO[b.kind].title}
                <div className="muted small">
                  <code>{b.id}</code>
                </div>
              </th>
              <td className="break">
                <code>{b.denies}</code>
                {b.sites !== "all" ? (
                  <div className="muted small">at {b.sites.join(", ")}</div>
                ) : null}
              </td>
              <td className="break">
                <code>{b.iss}</code>
              </td>
              <td>
                <BanStateBadge ban={b} />
              </td>
              <td className="break">{b.reason}</td>
              <td>
                {b.incident ? (
                  <Link to={`/incidents/${encodeURIComponent(b.incident)}`}>{b.incident}</Link>
                ) : (
                  "—"
                )}
              </td>
              <td className="small">
                {formatDate(b.createdAt)} <span className="muted">by {b.author}</span>
                <div>
                  from {formatDate(b.startsAt)}
                  <br />
                  {b.expiresAt ? `until ${formatDate(b.expiresAt)}` : "until lifted"}
                </div>
              </td>
              <td className="small">
                {b.unenforceable_at.length === 0
                  ? "—"
                  : b.unenforceable_at.map((m) => MIDDLEWARE_NAMES[m]).join(", ")}
              </td>
              {onLift ? (
                <td>
                  {b.effectiveState === "active" || b.effectiveState === "pending" ? (
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => onLift(b)}
                      data-testid={`ban-lift-${b.id}`}
                      aria-label={`Lift ban ${b.id} (${b.denies})`}
                    >
                      Lift…
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

const STATE_ICON = { active: "●", pending: "◌", expired: "○", lifted: "✓" } as const;

function BanStateBadge({ ban }: { ban: BanView }) {
  const s = ban.effectiveState;
  return (
    <>
      <span className={`state-badge ban-state-${s}`} data-testid={`ban-state-${ban.id}`}>
        <span aria-hidden="true">{STATE_ICON[s]} </span>
        {s}
      </span>
      {s === "lifted" ? (
        <div className="muted small">
          by {ban.liftedBy ?? "?"} {formatDate(ban.liftedAt)}: {ban.liftReason}
        </div>
      ) : null}
    </>
  );
}
