import { Histogram } from "./Histogram.js";
import type { Round, RoomState } from "./protocol.js";
import "./meeting.css";
import "./meeting-results.css";

/** What everyone sees after the reveal: histograms, statistics, a clear split warning, the votes. */
export function Results(props: { round: Round; scales: RoomState["scales"] }) {
  const { round, scales } = props;
  const stats = round.stats;
  if (round.state !== "revealed" || !stats) return null;
  const splitAxes = (["likelihood", "impact"] as const).filter(
    (a) => stats[a].consensus === "split",
  );
  return (
    <section className="mt-panel mt-results" aria-labelledby="mt-results-h">
      <h2 id="mt-results-h">Results of round {round.number}</h2>
      {splitAxes.length > 0 && (
        <p className="mt-split" data-testid="split-warning" role="note">
          <strong>⚠ Split vote</strong> on {splitAxes.join(" and ")}: the votes span two or more
          steps or several values tie. Discuss the disparity, re-vote, or settle with a recorded
          reason.
        </p>
      )}
      <div className="mt-hists">
        <Histogram axis="likelihood" stats={stats.likelihood} scale={scales.likelihood} />
        <Histogram axis="impact" stats={stats.impact} scale={scales.impact} />
      </div>
      {round.votes && round.votes.length > 0 && (
        <details className="mt-votes">
          <summary>Every vote ({round.votes.length})</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Voter</th>
                <th scope="col">L</th>
                <th scope="col">I</th>
                <th scope="col">Confidence</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {round.votes.map((v) => (
                <tr key={v.voter}>
                  <th scope="row">{v.voter}</th>
                  <td>{v.likelihood}</td>
                  <td>{v.impact}</td>
                  <td>{v.confidence ?? "—"}</td>
                  <td>{v.note ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
