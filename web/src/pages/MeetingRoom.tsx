import { useParams, useSearchParams } from "react-router";
import { Announcer } from "../meeting/Announcer.js";
import { ConnectionBadge } from "../meeting/ConnectionBadge.js";
import { CurrentRow } from "../meeting/CurrentRow.js";
import { ErrorList } from "../meeting/ErrorList.js";
import { NotesPanel } from "../meeting/NotesPanel.js";
import { NudgeNotice } from "../meeting/NudgeNotice.js";
import { ParticipantList } from "../meeting/ParticipantList.js";
import { Results } from "../meeting/Results.js";
import { RoundHistory } from "../meeting/RoundHistory.js";
import { RowPicker } from "../meeting/RowPicker.js";
import { ScaleGuide } from "../meeting/ScaleGuide.js";
import { SettlePanel } from "../meeting/SettlePanel.js";
import { TimerPanel } from "../meeting/TimerPanel.js";
import { useMeeting } from "../meeting/use-meeting.js";
import { VotePanel } from "../meeting/VotePanel.js";
import "../meeting/meeting.css";

/**
 * The live scoring meeting of an assessment (/a/:assessment/meeting, ?spectator=true to watch):
 * the facilitator picks rows and runs rounds, participants vote on cards, everyone sees who
 * voted, the revealed histograms and the settled score. The server holds all state.
 */
export function MeetingRoom() {
  const { assessment = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const spectator = params.get("spectator") === "true";
  const m = useMeeting(assessment, spectator);
  const s = m.state;
  const fac = s?.me.isFacilitator ?? false;
  const errors = m.errors.filter((e) => e.about !== "settle");

  const toggleSpectator = (): void => {
    const next = new URLSearchParams(params);
    if (spectator) next.delete("spectator");
    else next.set("spectator", "true");
    setParams(next);
  };

  return (
    <div className="mt-room" data-testid="meeting-room">
      <header className="mt-head">
        <div>
          <h1>
            Scoring meeting
            {s && (
              <span className="mt-muted">
                {" "}
                · {s.version.label} ({s.version.state})
              </span>
            )}
          </h1>
          {s && (
            <p className="mt-muted mt-me" data-testid="me">
              You are {s.me.name} ({s.me.role}
              {s.me.isFacilitator ? ", facilitating" : ""}
              {s.me.spectator ? ", watching" : s.me.canVote ? "" : ", cannot vote"}) · facilitator:{" "}
              {s.facilitator ?? "none yet"}{" "}
              <button type="button" className="mt-link" onClick={toggleSpectator}>
                {spectator ? "Join as participant" : "Watch as spectator"}
              </button>
            </p>
          )}
        </div>
        <div className="mt-head-side">
          {s && <TimerPanel timer={s.timer} editable={fac} send={m.send} />}
          <ConnectionBadge status={m.status} retryAt={m.retryAt} onRetry={m.retryNow} />
        </div>
      </header>
      <NudgeNotice nudge={m.nudge} onDismiss={m.dismissNudge} />
      <ErrorList errors={errors} onDismiss={m.dismissError} />
      {m.info && (
        <p className="mt-info" role="status" data-testid="meeting-info">
          {m.info}{" "}
          <button type="button" className="mt-btn mt-btn-small" onClick={m.dismissInfo}>
            OK
          </button>
        </p>
      )}
      <Announcer state={s} />
      {!s ? (
        <p className="mt-panel" aria-busy="true">
          {m.status === "connecting"
            ? "Joining the meeting…"
            : m.status === "refused"
              ? "The server did not let this page into the meeting (see the message above)."
              : "Cannot reach the meeting yet; retrying…"}
        </p>
      ) : (
        <div className="mt-layout">
          <div className="mt-col-rows">
            <RowPicker
              rows={s.rows}
              current={s.row}
              canPick={fac}
              onPick={(row) => m.send({ type: "select-row", row })}
            />
          </div>
          <div className="mt-col-main">
            <CurrentRow state={s} busy={m.busy} send={m.send} />
            {s.round && s.me.canVote && !s.me.spectator && (
              <VotePanel
                round={s.round}
                meName={s.me.name}
                myVote={s.myVote}
                scales={s.scales}
                status={m.vote}
                onVote={m.castVote}
              />
            )}
            {s.round && !s.me.canVote && s.round.state === "open" && (
              <p className="mt-panel mt-muted">
                {s.me.spectator ? "You are watching" : "Your role cannot vote"}: votes stay hidden
                until the facilitator reveals them.
              </p>
            )}
            {s.round && <Results round={s.round} scales={s.scales} />}
            {s.row && <RoundHistory assessment={assessment} row={s.row} latest={s.round} />}
            {fac && s.row && (
              <>
                <ErrorList
                  errors={m.errors.filter((e) => e.about === "settle")}
                  onDismiss={m.dismissError}
                  testId="settle-errors"
                />
                <SettlePanel key={s.row} state={s} busy={m.busy} send={m.send} />
              </>
            )}
            <ScaleGuide scales={s.scales} open={!s.me.canVote} />
          </div>
          <aside className="mt-col-side">
            <ParticipantList state={s} busy={m.busy} send={m.send} />
            {s.row && (
              <NotesPanel row={s.row} notes={s.notes} editable={fac} busy={m.busy} send={m.send} />
            )}
          </aside>
        </div>
      )}
    </div>
  );
}
