import { Link } from "react-router";
import type { InspectReport } from "../api/respond.js";
import { LevelBadge } from "../components/LevelBadge.js";
import { TableScroll } from "../components/TableScroll.js";
import "./respond.css";

/** The workflow the token most likely belongs to, the guess's reasons and its risk rows. */
export function WorkflowPanel({ wf }: { wf: InspectReport["workflow"] }) {
  const best = wf.guess?.best ?? null;
  const a = wf.assessment;
  return (
    <section aria-labelledby="wf-h" data-testid="inspect-workflow">
      <h2 id="wf-h">Likely workflow</h2>
      {a ? (
        <p className="small muted">
          Compared with the workflows of{" "}
          <Link to={`/a/${encodeURIComponent(a.id)}/table`}>{a.title}</Link> {a.version} ({a.state}
          ).
        </p>
      ) : null}
      {best ? (
        <p>
          <strong>{best.name}</strong> <code>{best.workflowId}</code>, score {best.score}
          {wf.guess?.ambiguous ? (
            <span className="warn-text"> — ambiguous: the runner-up is close</span>
          ) : null}
        </p>
      ) : null}
      {wf.note ? <p>{wf.note}</p> : null}
      {wf.guess && wf.guess.candidates.length > 0 ? (
        <details>
          <summary>Why (candidates and their reasons)</summary>
          <ul>
            {wf.guess.candidates.map((c) => (
              <li key={c.workflowId}>
                {c.name} ({c.score})
                <ul className="small">
                  {c.reasons.map((r) => (
                    <li key={r.aspect}>
                      {r.points > 0 ? "+" : ""}
                      {r.points}: {r.text}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          <p className="muted small">{wf.guess.caveat}</p>
        </details>
      ) : null}
      {wf.rows.length > 0 ? (
        <TableScroll label="Risk rows of the workflow">
          <table className="table compact" data-testid="inspect-rows">
            <caption>Risk rows of this workflow</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Threat</th>
                <th scope="col">Score</th>
              </tr>
            </thead>
            <tbody>
              {wf.rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    {a ? (
                      <Link to={`/a/${encodeURIComponent(a.id)}/rows/${encodeURIComponent(r.id)}`}>
                        {r.id}
                      </Link>
                    ) : (
                      r.id
                    )}
                  </th>
                  <td>
                    {r.threat.title}
                    {r.variant ? <span className="muted"> — {r.variant}</span> : null}
                  </td>
                  <td className="nowrap">
                    {r.score ? (
                      <>
                        <LevelBadge label={r.score.levelLabel} color={r.score.color} /> L
                        {r.score.likelihood} × I{r.score.impact}
                      </>
                    ) : (
                      <span className="muted">unscored</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </section>
  );
}

/** The active bans that match the token now (matched even when it does not verify). */
export function MatchingBans({ bans }: { bans: InspectReport["bans"] }) {
  return (
    <section aria-labelledby="mb-h" data-testid="inspect-bans">
      <h2 id="mb-h">Active bans matching this token</h2>
      <p className={bans.decision === "deny" ? "warn-text" : undefined}>
        {bans.decision === "deny" ? "Denied: " : "Not banned: "}
        {bans.reason}
      </p>
      {bans.bans.length > 0 ? (
        <ul>
          {bans.bans.map((b) => (
            <li key={b.id}>
              <Link to={`/bans?q=${encodeURIComponent(b.id)}`}>{b.id}</Link> ({b.kind}): {b.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
