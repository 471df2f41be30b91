import { num, percent } from "./format.js";
import type { Axis, AxisStats, Scale } from "./protocol.js";
import "./meeting.css";
import "./meeting-results.css";

const NAME: Record<Axis, string> = { likelihood: "Likelihood", impact: "Impact" };
const GRADE: Record<AxisStats["consensus"], string> = {
  unanimous: "Unanimous",
  near: "Near consensus",
  split: "Split",
};

/** One axis of a revealed round: a bar per scale value (plain CSS) and the statistics. */
export function Histogram(props: { axis: Axis; stats: AxisStats; scale: Scale }) {
  const { axis, stats, scale } = props;
  const counts = scale.map((s) => ({
    ...s,
    count: stats.votes.filter((v) => v === s.value).length,
  }));
  const top = Math.max(1, ...counts.map((c) => c.count));
  const summary = counts.map((c) => `${c.value}: ${c.count}`).join(", ");
  const split = stats.consensus === "split";
  return (
    <figure
      className={`mt-hist${split ? " mt-hist-split" : ""}`}
      data-testid={`histogram-${axis}`}
      data-consensus={stats.consensus}
    >
      <figcaption>
        <strong>{NAME[axis]}</strong>{" "}
        <span className={`mt-grade mt-grade-${stats.consensus}`} data-testid={`consensus-${axis}`}>
          {GRADE[stats.consensus]}
        </span>
      </figcaption>
      <div className="mt-bars" role="img" aria-label={`${NAME[axis]} votes per value: ${summary}`}>
        {counts.map((c) => (
          <div
            key={c.value}
            className={`mt-bar-col${stats.modes.includes(c.value) ? " mt-mode" : ""}`}
            data-testid={`bar-${axis}-${c.value}`}
            data-count={c.count}
            title={`${c.value} ${c.label}: ${c.count} vote(s)`}
          >
            <span className="mt-bar-count">{c.count || ""}</span>
            <span className="mt-bar" style={{ height: `${(c.count / top) * 100}%` }} />
            <span className="mt-bar-x">{c.value}</span>
          </div>
        ))}
      </div>
      <dl className="mt-stats">
        <dt>n</dt>
        <dd>{stats.n}</dd>
        <dt>mean</dt>
        <dd>{num(stats.mean)}</dd>
        <dt>median</dt>
        <dd>{num(stats.median)}</dd>
        <dt>mode{stats.modes.length > 1 ? "s" : ""}</dt>
        <dd>{stats.modes.join(", ")}</dd>
        <dt>IQR</dt>
        <dd>
          {num(stats.iqr)}{" "}
          <span className="mt-muted">
            ({num(stats.q1)}–{num(stats.q3)}
            {stats.delphiConsensus ? ", Delphi consensus" : ""})
          </span>
        </dd>
        <dt>range</dt>
        <dd>
          {num(stats.range)}{" "}
          <span className="mt-muted">
            ({stats.min}–{stats.max})
          </span>
        </dd>
        <dt>within ±1 of median</dt>
        <dd>{percent(stats.withinOneOfMedian)}</dd>
      </dl>
    </figure>
  );
}
