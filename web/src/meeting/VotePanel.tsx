import { useEffect, useState } from "react";
import type { VoteStatus } from "./meeting-connection.js";
import type { Axis, Round, RoomState, Scale, VoteMessage } from "./protocol.js";
import { useVoteKeys } from "./use-vote-keys.js";
import "./meeting.css";
import "./meeting-vote.css";

type Confidence = NonNullable<VoteMessage["confidence"]>;
const CONFIDENCE: Confidence[] = ["low", "medium", "high"];
const AXIS_NAME: Record<Axis, string> = { likelihood: "Likelihood", impact: "Impact" };

interface Draft {
  likelihood: number | null;
  impact: number | null;
  confidence: Confidence | null;
  note: string;
}

function fromMine(mine: RoomState["myVote"]): Draft {
  const c = mine?.confidence;
  return {
    likelihood: mine?.likelihood ?? null,
    impact: mine?.impact ?? null,
    confidence: c === "low" || c === "medium" || c === "high" ? c : null,
    note: mine?.note ?? "",
  };
}

function statusText(s: VoteStatus, hasVote: boolean): string {
  switch (s.kind) {
    case "sending":
      return s.queued ? "Waiting for the connection — your vote will be sent…" : "sent…";
    case "saved":
      return "Saved. You can change your vote until the reveal.";
    case "failed":
      return `Not saved: ${s.message}`;
    case "idle":
      return hasVote ? "Your vote is stored. You can change it until the reveal." : "";
  }
}

/** The voter's cards: likelihood and impact, optional confidence and note, keyboard included. */
export function VotePanel(props: {
  round: Round;
  meName: string;
  myVote: RoomState["myVote"];
  scales: RoomState["scales"];
  status: VoteStatus;
  onVote: (v: Omit<VoteMessage, "type" | "id">) => void;
}) {
  const { round, meName, myVote, scales, status, onVote } = props;
  const open = round.state === "open";
  const [draft, setDraft] = useState<Draft>(() => fromMine(myVote));
  const [draftRound, setDraftRound] = useState(round.id);
  // A new round starts from the stored vote (none yet, or the one the server kept for us).
  if (draftRound !== round.id) {
    setDraftRound(round.id);
    setDraft(fromMine(myVote));
  }
  // After a reconnect the server tells us our vote: fill the cards if we have not touched them.
  useEffect(() => {
    if (myVote)
      setDraft((d) => (d.likelihood === null && d.impact === null ? fromMine(myVote) : d));
  }, [myVote]);

  const complete = draft.likelihood !== null && draft.impact !== null;
  const submit = (): void => {
    if (!open || draft.likelihood === null || draft.impact === null) return;
    onVote({
      round: round.id,
      likelihood: draft.likelihood,
      impact: draft.impact,
      ...(draft.confidence ? { confidence: draft.confidence } : {}),
      ...(draft.note.trim() ? { note: draft.note.trim() } : {}),
    });
  };
  const pick = (axis: Axis, value: number): boolean => {
    if (!open || !scales[axis].some((s) => s.value === value)) return false;
    setDraft((d) => ({ ...d, [axis]: value }));
    return true;
  };
  const nextAxis = useVoteKeys({ enabled: open, pick, submit });
  const max = Math.max(
    ...scales.likelihood.map((s) => s.value),
    ...scales.impact.map((s) => s.value),
  );
  const sent = status.kind === "sending";

  if (!open) {
    const mine = round.votes?.find((v) => v.voter === meName);
    return (
      <section className="mt-panel mt-vote" aria-labelledby="mt-vote-h">
        <h2 id="mt-vote-h">Round {round.number} is revealed</h2>
        <p data-testid="vote-status" data-state="closed">
          {mine
            ? `Your vote: likelihood ${mine.likelihood}, impact ${mine.impact}.`
            : "You did not vote in this round."}{" "}
          Voting is closed until the facilitator opens a re-vote.
        </p>
      </section>
    );
  }

  return (
    <section className="mt-panel mt-vote" aria-labelledby="mt-vote-h">
      <h2 id="mt-vote-h">Your vote — round {round.number}</h2>
      <p className="mt-keys" id="mt-vote-keys">
        Keyboard: <kbd>1</kbd>–<kbd>{Math.min(max, 9)}</kbd> choose likelihood, then impact (next:{" "}
        <strong>{AXIS_NAME[nextAxis]}</strong>) · <kbd>Enter</kbd> sends · <kbd>Esc</kbd> back to
        likelihood
      </p>
      {(["likelihood", "impact"] as const).map((axis) => (
        <Cards
          key={axis}
          axis={axis}
          scale={scales[axis]}
          value={draft[axis]}
          disabled={!open}
          next={open && nextAxis === axis}
          onPick={(v) => pick(axis, v)}
        />
      ))}
      <fieldset className="mt-confidence" disabled={!open}>
        <legend>Confidence (optional)</legend>
        {CONFIDENCE.map((c) => (
          <label key={c}>
            <input
              type="radio"
              name={`conf-${round.id}`}
              checked={draft.confidence === c}
              data-testid={`vote-confidence-${c}`}
              onChange={() => setDraft((d) => ({ ...d, confidence: c }))}
            />
            {c}
          </label>
        ))}
        <label>
          <input
            type="radio"
            name={`conf-${round.id}`}
            checked={draft.confidence === null}
            onChange={() => setDraft((d) => ({ ...d, confidence: null }))}
          />
          not said
        </label>
      </fieldset>
      <label className="mt-field">
        <span>Note (optional, shown to everyone after the reveal)</span>
        <textarea
          rows={2}
          maxLength={2000}
          value={draft.note}
          disabled={!open}
          data-testid="vote-note"
          onChange={(e) => setDraft((d) => ({ ...d, note: e.target.value }))}
        />
      </label>
      <div className="mt-actions">
        <button
          type="button"
          className="mt-btn mt-btn-primary"
          data-testid="submit-vote"
          disabled={!open || !complete}
          aria-describedby="mt-vote-keys"
          onClick={submit}
        >
          {myVote ? "Change vote" : "Send vote"}
        </button>
        <span
          className={`mt-vote-status${status.kind === "failed" ? " mt-error-text" : ""}`}
          data-testid="vote-status"
          data-state={status.kind}
          aria-live="polite"
        >
          {statusText(status, myVote !== null)}
          {sent && <span className="mt-spinner" aria-hidden="true" />}
        </span>
      </div>
    </section>
  );
}

function Cards(props: {
  axis: Axis;
  scale: Scale;
  value: number | null;
  disabled: boolean;
  next: boolean;
  onPick: (v: number) => void;
}) {
  const { axis, scale, value, disabled, next, onPick } = props;
  const id = `mt-cards-${axis}`;
  return (
    <div className={`mt-cards-group${next ? " mt-next-axis" : ""}`}>
      <h3 id={id}>
        {AXIS_NAME[axis]}
        {value !== null && <span className="mt-muted"> — {value} chosen</span>}
      </h3>
      <div className="mt-cards" role="group" aria-labelledby={id}>
        {scale.map((s) => (
          <button
            key={s.value}
            type="button"
            className="mt-card"
            aria-pressed={value === s.value}
            data-testid={`vote-${axis}-${s.value}`}
            disabled={disabled}
            onClick={() => onPick(s.value)}
          >
            <span className="mt-card-value">{s.value}</span>
            <span className="mt-card-label">{s.label}</span>
            <span className="mt-card-desc">{s.description}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
