import { isVoter, ruleLabel, scoreText, textOn } from "./format.js";
import type { Outgoing, RoomState } from "./protocol.js";
import "./meeting.css";
import "./meeting-lists.css";

/**
 * The row under discussion: its settled score, the round's progress, and the facilitator's
 * round controls (open a round or a re-vote, reveal).
 */
export function CurrentRow(props: {
  state: RoomState;
  busy: readonly string[];
  send: (m: Outgoing) => unknown;
}) {
  const { state, busy, send } = props;
  const row = state.rows.find((r) => r.id === state.row);
  if (!state.row) {
    return (
      <section className="mt-panel" aria-labelledby="mt-cur-h">
        <h2 id="mt-cur-h">No row selected</h2>
        <p className="mt-muted">
          {state.me.isFacilitator
            ? "Pick a row from the list to start."
            : `Waiting for ${state.facilitator ?? "the facilitator"} to pick a row.`}
        </p>
      </section>
    );
  }
  const round = state.round;
  const expected = state.participants.filter((p) => isVoter(p) && p.connected).length;
  const fac = state.me.isFacilitator;
  const draft = state.version.state === "draft";
  return (
    <section className="mt-panel mt-current-row" aria-labelledby="mt-cur-h">
      <p className="mt-kicker">Now discussing</p>
      <h2 id="mt-cur-h" data-testid="current-row" data-row={state.row}>
        <span className="mt-row-id">{state.row}</span> {row?.title ?? ""}
      </h2>
      {state.score ? (
        <p>
          Settled:{" "}
          <span
            className="mt-chip mt-chip-big"
            data-testid="settled-score"
            style={{ background: state.score.color, color: textOn(state.score.color) }}
          >
            {scoreText(state.score)}
          </span>{" "}
          <span className="mt-muted">
            by {ruleLabel(state.score.rule)}
            {state.score.reason ? ` — “${state.score.reason}”` : ""}
          </span>
        </p>
      ) : (
        <p className="mt-muted">Not settled yet.</p>
      )}
      <p data-testid="round-status">
        {round
          ? `Round ${round.number}: ${round.state === "open" ? "voting" : "revealed"} · ${round.voters.length} of ${expected} voted`
          : "No round yet."}
      </p>
      {fac && (
        <div className="mt-actions">
          <button
            type="button"
            className="mt-btn mt-btn-primary"
            data-testid="open-round"
            disabled={!draft || busy.includes("open-round") || round?.state === "open"}
            onClick={() => send({ type: "open-round", row: state.row ?? "" })}
          >
            {round ? `Re-vote (round ${round.number + 1})` : "Open round"}
          </button>
          {round?.state === "open" && (
            <button
              type="button"
              className="mt-btn mt-btn-primary"
              data-testid="reveal"
              disabled={busy.includes("reveal")}
              onClick={() => send({ type: "reveal", round: round.id })}
            >
              Reveal votes ({round.voters.length})
            </button>
          )}
        </div>
      )}
      {!draft && (
        <p className="mt-warn">
          Version {state.version.label} is {state.version.state}: it can no longer be scored.
        </p>
      )}
    </section>
  );
}
