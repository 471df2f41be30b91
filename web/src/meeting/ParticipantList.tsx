import { useState } from "react";
import { isVoter, type Participant } from "./format.js";
import type { Outgoing, RoomState } from "./protocol.js";
import "./meeting.css";
import "./meeting-lists.css";

/**
 * Who is in the room and who has voted in the open round — never what. The facilitator can
 * nudge those who have not voted yet and hand the role over.
 */
export function ParticipantList(props: {
  state: RoomState;
  busy: readonly string[];
  send: (m: Outgoing) => unknown;
}) {
  const { state, busy, send } = props;
  const voted = new Set(state.round?.voters ?? []);
  const present = new Set(state.participants.map((p) => p.name));
  // Someone who voted and then left still counts, and is listed.
  const gone: Participant[] = [...voted]
    .filter((n) => !present.has(n))
    .map((name) => ({ name, role: "", spectator: false, connected: false }));
  const voters = [...state.participants.filter(isVoter), ...gone];
  const watchers = state.participants.filter((p) => !isVoter(p));
  const open = state.round?.state === "open";
  const waiting = voters.filter((p) => p.connected && !voted.has(p.name));
  const fac = state.me.isFacilitator;

  return (
    <section className="mt-panel" aria-labelledby="mt-people-h">
      <h2 id="mt-people-h">
        Participants{" "}
        {state.round && (
          <span className="mt-muted">
            ({voters.filter((p) => voted.has(p.name)).length} of {voters.length} voted)
          </span>
        )}
      </h2>
      <ul className="mt-people" data-testid="participants">
        {voters.map((p) => (
          <Person key={p.name} p={p} state={state} voted={voted.has(p.name)} />
        ))}
      </ul>
      {watchers.length > 0 && (
        <>
          <h3>Watching</h3>
          <ul className="mt-people" data-testid="spectators">
            {watchers.map((p) => (
              <Person key={p.name} p={p} state={state} voted={false} />
            ))}
          </ul>
        </>
      )}
      {fac && open && (
        <button
          type="button"
          className="mt-btn"
          data-testid="nudge"
          disabled={waiting.length === 0 || busy.includes("nudge")}
          onClick={() => send({ type: "nudge" })}
        >
          Nudge {waiting.length} who {waiting.length === 1 ? "has" : "have"} not voted
        </button>
      )}
      {fac && <HandOver state={state} send={send} />}
      {canClaim(state) && (
        <button
          type="button"
          className="mt-btn"
          data-testid="claim-facilitator"
          onClick={() => send({ type: "hand-over", to: state.me.name })}
        >
          {state.facilitator
            ? `${state.facilitator} has left: take over`
            : "Facilitate this meeting"}
        </button>
      )}
    </section>
  );
}

const MAY_FACILITATE = ["facilitator", "admin"];

/** The server lets someone who may facilitate take the room when its facilitator is gone. */
function canClaim(state: RoomState): boolean {
  if (state.me.isFacilitator || state.me.spectator || !MAY_FACILITATE.includes(state.me.role))
    return false;
  const f = state.participants.find((p) => p.name === state.facilitator);
  return state.facilitator === null || !f?.connected;
}

function Person(props: { p: Participant; state: RoomState; voted: boolean }) {
  const { p, state, voted } = props;
  return (
    <li className={p.connected ? "" : "mt-offline"}>
      <span className="mt-person">
        {p.name}
        {p.name === state.me.name && <span className="mt-muted"> (you)</span>}
      </span>
      <span className="mt-tags">
        {p.name === state.facilitator && <span className="mt-tag mt-tag-fac">facilitator</span>}
        {p.role && <span className="mt-tag">{p.role}</span>}
        {p.spectator && <span className="mt-tag">spectator</span>}
        {!p.connected && <span className="mt-tag">offline</span>}
        {voted && (
          <span className="mt-voted" data-testid={`voted-${p.name}`}>
            ✓ voted
          </span>
        )}
      </span>
    </li>
  );
}

function HandOver(props: { state: RoomState; send: (m: Outgoing) => unknown }) {
  const { state, send } = props;
  const candidates = state.participants.filter(
    (p) =>
      p.connected && !p.spectator && p.name !== state.me.name && MAY_FACILITATE.includes(p.role),
  );
  const [to, setTo] = useState("");
  const target = candidates.some((c) => c.name === to) ? to : (candidates[0]?.name ?? "");
  if (candidates.length === 0) {
    return <p className="mt-muted">No one else here can take over as facilitator.</p>;
  }
  return (
    <form
      className="mt-inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (target) send({ type: "hand-over", to: target });
      }}
    >
      <label className="mt-field">
        <span>Hand the facilitator role to</span>
        <select value={target} data-testid="hand-over-to" onChange={(e) => setTo(e.target.value)}>
          {candidates.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} ({c.role})
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="mt-btn" data-testid="hand-over">
        Hand over
      </button>
    </form>
  );
}
