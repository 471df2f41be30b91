import type { AxisStatistics, RoundStatistics, RoundView } from "../api/types.js";
import { formatDate, formatNumber, formatPercent } from "./format.js";
import { TableScroll } from "./TableScroll.js";

/** One voting round: who voted; after reveal every vote and the per-axis statistics. */
export function RoundCard({ round }: { round: RoundView }) {
  const split =
    round.stats !== null &&
    (round.stats.likelihood.consensus === "split" || round.stats.impact.consensus === "split");
  return (
    <article
      className={`card round${split ? " round-split" : ""}`}
      aria-labelledby={`round-${round.id}`}
      data-testid={`round-${round.number}`}
    >
      <h3 id={`round-${round.id}`}>
        Round {round.number}{" "}
        <span className={`state-badge state-${round.state}`}>{round.state}</span>
        {split ? (
          <span className="tag tag-split">
            <span aria-hidden="true">⚠ </span>split
          </span>
        ) : null}
      </h3>
      <p className="muted small">
        Opened by {round.openedBy} {formatDate(round.openedAt)}
        {round.revealedAt
          ? ` · revealed by ${round.revealedBy ?? "?"} ${formatDate(round.revealedAt)}`
          : ""}
      </p>
      {round.votes === null ? (
        <p>
          Votes are hidden until the round is revealed.{" "}
          {round.voters.length === 0
            ? "Nobody has voted yet."
            : `Voted so far: ${round.voters.map((v) => v.voter).join(", ")}.`}
        </p>
      ) : (
        <div className="round-grid">
          <TableScroll label={`Votes of round ${round.number}`}>
            <table className="table compact">
              <caption>Votes</caption>
              <thead>
                <tr>
                  <th scope="col">Voter</th>
                  <th scope="col">
                    <abbr title="Likelihood">L</abbr>
                  </th>
                  <th scope="col">
                    <abbr title="Impact">I</abbr>
                  </th>
                  <th scope="col">Confidence</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {round.votes.map((v) => (
                  <tr key={v.voter}>
                    <th scope="row">{v.voter}</th>
                    <td className="num">{v.likelihood}</td>
                    <td className="num">{v.impact}</td>
                    <td>{v.confidence ?? "—"}</td>
                    <td>{v.note ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {round.stats ? <StatsTable stats={round.stats} caption="Statistics" /> : null}
        </div>
      )}
    </article>
  );
}

const list = (xs: number[]) => xs.map(formatNumber).join(", ");

const STAT_ROWS: { label: string; value: (a: AxisStatistics) => string }[] = [
  { label: "Votes (n)", value: (a) => String(a.n) },
  { label: "Sorted votes", value: (a) => list(a.votes) },
  { label: "Min", value: (a) => formatNumber(a.min) },
  { label: "Max", value: (a) => formatNumber(a.max) },
  { label: "Mode(s)", value: (a) => list(a.modes) },
  { label: "Median", value: (a) => formatNumber(a.median) },
  { label: "Mean", value: (a) => formatNumber(a.mean) },
  { label: "Q1 / Q3", value: (a) => `${formatNumber(a.q1)} / ${formatNumber(a.q3)}` },
  { label: "IQR", value: (a) => formatNumber(a.iqr) },
  { label: "Range", value: (a) => formatNumber(a.range) },
  { label: "Within ±1 of median", value: (a) => formatPercent(a.withinOneOfMedian) },
  { label: "Delphi (IQR ≤ 1)", value: (a) => (a.delphiConsensus ? "yes" : "no") },
];

/** Per-axis statistics, likelihood and impact side by side, with the consensus grade. */
export function StatsTable({ stats, caption }: { stats: RoundStatistics; caption: string }) {
  return (
    <TableScroll label={caption}>
      <table className="table compact stats">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Likelihood</th>
            <th scope="col">Impact</th>
          </tr>
        </thead>
        <tbody>
          {STAT_ROWS.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td className="num">{r.value(stats.likelihood)}</td>
              <td className="num">{r.value(stats.impact)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Consensus</th>
            <td>
              <Consensus grade={stats.likelihood.consensus} />
            </td>
            <td>
              <Consensus grade={stats.impact.consensus} />
            </td>
          </tr>
        </tbody>
      </table>
    </TableScroll>
  );
}

export function Consensus({ grade }: { grade: string }) {
  return (
    <span className={`consensus consensus-${grade}`}>
      {grade === "split" ? <span aria-hidden="true">⚠ </span> : null}
      {grade}
    </span>
  );
}
