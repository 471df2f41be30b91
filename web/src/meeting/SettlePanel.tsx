import { type FormEvent, useState } from "react";
import { isRule, ruleLabel, RULES, type RuleId } from "./format.js";
import type { Outgoing, RoomState } from "./protocol.js";
import "./meeting.css";

/**
 * Settling the current row (facilitator): with the assessment's own rule in one click, or an
 * override — another rule, or the facilitator's own scores — which needs a written reason.
 */
export function SettlePanel(props: {
  state: RoomState;
  busy: readonly string[];
  send: (m: Outgoing) => unknown;
}) {
  const { state, busy, send } = props;
  const row = state.row;
  const fallback: RuleId = isRule(state.defaultRule) ? state.defaultRule : "median";
  const [rule, setRule] = useState<RuleId>(fallback);
  const [likelihood, setLikelihood] = useState(0);
  const [impact, setImpact] = useState(0);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState("");
  if (!row) return null;
  const round = state.round;
  const revealed = round?.state === "revealed";
  const settling = busy.includes("settle");
  const needsReason = rule !== state.defaultRule;
  const fac = rule === "facilitator";

  const override = (e: FormEvent): void => {
    e.preventDefault();
    if (needsReason && !reason.trim()) {
      setProblem(
        `A reason is required when not using the assessment's rule (${ruleLabel(state.defaultRule)}).`,
      );
      return;
    }
    if (fac && (!likelihood || !impact)) {
      setProblem("Choose the likelihood and the impact to settle on.");
      return;
    }
    setProblem("");
    send({
      type: "settle",
      row,
      rule,
      ...(fac ? { likelihood, impact } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
  };

  return (
    <section className="mt-panel mt-settle" aria-labelledby="mt-settle-h">
      <h2 id="mt-settle-h">Settle row {row}</h2>
      {round?.state === "open" && <p className="mt-muted">Reveal the round before settling.</p>}
      <button
        type="button"
        className="mt-btn mt-btn-primary"
        data-testid="settle"
        disabled={!revealed || settling}
        onClick={() => send({ type: "settle", row })}
      >
        Settle with the assessment’s rule: {ruleLabel(state.defaultRule)}
      </button>
      <form className="mt-override" onSubmit={override} noValidate aria-labelledby="mt-over-h">
        <h3 id="mt-over-h">Or override: another rule, or the facilitator’s decision</h3>
        <label className="mt-field">
          <span>Rule</span>
          <select
            data-testid="settle-rule"
            value={rule}
            onChange={(e) => isRule(e.target.value) && setRule(e.target.value)}
          >
            {RULES.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
                {r.id === state.defaultRule ? " (assessment’s rule)" : ""}
              </option>
            ))}
          </select>
        </label>
        {fac && (
          <div className="mt-row-fields">
            <ScorePick
              label="Likelihood"
              testId="settle-likelihood"
              scale={state.scales.likelihood}
              value={likelihood}
              onChange={setLikelihood}
            />
            <ScorePick
              label="Impact"
              testId="settle-impact"
              scale={state.scales.impact}
              value={impact}
              onChange={setImpact}
            />
          </div>
        )}
        <label className="mt-field">
          <span>Reason {needsReason ? "(required)" : "(optional)"}</span>
          <input
            type="text"
            data-testid="settle-reason"
            value={reason}
            maxLength={2000}
            required={needsReason}
            aria-invalid={problem !== "" && needsReason && !reason.trim()}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. split 3s and 4s; discussion convinced others up to 4"
          />
        </label>
        {problem && (
          <p className="mt-error-text" role="alert">
            {problem}
          </p>
        )}
        <button
          type="submit"
          className="mt-btn mt-btn-primary"
          data-testid="settle-submit"
          disabled={settling}
        >
          Settle with {ruleLabel(rule)}
        </button>
      </form>
    </section>
  );
}

function ScorePick(props: {
  label: string;
  testId: string;
  scale: RoomState["scales"]["likelihood"];
  value: number;
  onChange: (v: number) => void;
}) {
  return (
    <label className="mt-field">
      <span>{props.label}</span>
      <select
        data-testid={props.testId}
        value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
      >
        <option value={0}>—</option>
        {props.scale.map((s) => (
          <option key={s.value} value={s.value}>
            {s.value} {s.label}
          </option>
        ))}
      </select>
    </label>
  );
}
