import { useEffect, useState } from "react";
import { clock } from "./format.js";
import type { Outgoing, RoomState } from "./protocol.js";
import "./meeting.css";

const PRESETS = [60, 120, 300];

/** The optional discussion timer: a countdown for all, start and stop for the facilitator. */
export function TimerPanel(props: {
  timer: RoomState["timer"];
  editable: boolean;
  send: (m: Outgoing) => unknown;
}) {
  const { timer, editable, send } = props;
  const [now, setNow] = useState(() => Date.now());
  const [minutes, setMinutes] = useState("10");
  const endsAt = timer ? Date.parse(timer.endsAt) : NaN;
  useEffect(() => {
    if (Number.isNaN(endsAt)) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [endsAt]);
  if (!timer && !editable) return null;
  const left = endsAt - now;
  const over = timer !== null && left <= 0;
  return (
    <section className="mt-timer" aria-label="Timer">
      {timer && (
        <span
          className={`mt-countdown${over ? " mt-countdown-over" : ""}`}
          role="timer"
          data-testid="timer-remaining"
        >
          {over ? "Time’s up" : clock(left)}
        </span>
      )}
      <span className="mt-sr-only" aria-live="assertive">
        {over ? "Time is up." : ""}
      </span>
      {editable && (
        <span className="mt-timer-controls">
          {PRESETS.map((s) => (
            <button
              key={s}
              type="button"
              className="mt-btn mt-btn-small"
              data-testid={`timer-${s}`}
              onClick={() => send({ type: "timer", seconds: s })}
            >
              {s / 60} min
            </button>
          ))}
          <form
            className="mt-inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              const s = Math.round(Number(minutes) * 60);
              if (s >= 10 && s <= 3600) send({ type: "timer", seconds: s });
            }}
          >
            <label>
              <span className="mt-sr-only">Minutes</span>
              <input
                type="number"
                min={1}
                max={60}
                value={minutes}
                onChange={(e) => setMinutes(e.target.value)}
                className="mt-num"
              />
            </label>
            <button type="submit" className="mt-btn mt-btn-small">
              Start
            </button>
          </form>
          {timer && (
            <button
              type="button"
              className="mt-btn mt-btn-small"
              data-testid="timer-stop"
              onClick={() => send({ type: "timer", seconds: null })}
            >
              Stop
            </button>
          )}
        </span>
      )}
    </section>
  );
}
