import type { PlaybookStep } from "../api/handbook.js";
import { withCode } from "./text.js";

/** The response playbook: ordered steps, each with the TTT commands that do it. */
export function Playbook({ steps }: { steps: PlaybookStep[] }) {
  return (
    <ol className="playbook" data-testid="handbook-playbook">
      {steps.map((s) => (
        <li key={s.n}>
          <p>
            <strong>{s.action}.</strong> {withCode(s.detail)}
          </p>
          {s.command === null ? null : (
            <ul className="commands" aria-label={`Commands for step ${s.n}`}>
              {s.command.split(" && ").map((c) => (
                <li key={c}>
                  <code>{c}</code>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
