import { useEffect, useRef, useState } from "react";
import { num } from "./format.js";
import type { AxisStats, RoomState } from "./protocol.js";
import "./meeting.css";

function axisSummary(name: string, s: AxisStats): string {
  return `${name}: median ${num(s.median)}, mean ${num(s.mean)}, votes ${s.min} to ${s.max}, ${s.consensus}.`;
}

/**
 * Screen-reader announcements of what changes without the reader's doing: "alice voted",
 * the revealed results, a new row, the facilitator changing.
 */
export function Announcer(props: { state: RoomState | null }) {
  const { state } = props;
  const [message, setMessage] = useState("");
  const prev = useRef<RoomState | null>(null);
  useEffect(() => {
    const before = prev.current;
    prev.current = state;
    if (!state || !before) return;
    const parts: string[] = [];
    if (state.row !== before.row && state.row) parts.push(`Now discussing row ${state.row}.`);
    const r = state.round;
    const b = before.round;
    if (r && b && r.id === b.id) {
      const fresh = r.voters.filter((v) => !b.voters.includes(v));
      if (fresh.length) {
        parts.push(`${fresh.join(", ")} voted. ${r.voters.length} votes so far.`);
      }
      if (r.state === "revealed" && b.state === "open" && r.stats) {
        parts.push(
          `Votes revealed. ${axisSummary("Likelihood", r.stats.likelihood)} ${axisSummary("Impact", r.stats.impact)}`,
        );
      }
    } else if (r && r.state === "open" && r.id !== b?.id) {
      parts.push(`Round ${r.number} is open for voting.`);
    }
    if (state.facilitator !== before.facilitator && state.facilitator) {
      parts.push(`${state.facilitator} is now the facilitator.`);
    }
    if (state.score && state.score !== before.score && state.row === before.row) {
      const s = state.score;
      if (s.likelihood !== before.score?.likelihood || s.impact !== before.score?.impact) {
        parts.push(`Row settled: likelihood ${s.likelihood}, impact ${s.impact}, ${s.levelLabel}.`);
      }
    }
    if (parts.length) setMessage(parts.join(" "));
  }, [state]);
  return (
    <div className="mt-sr-only" aria-live="polite" role="status" data-testid="announcer">
      {message}
    </div>
  );
}
