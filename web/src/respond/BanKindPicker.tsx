import { useId } from "react";
import type { BanKind } from "../api/respond.js";
import {
  KIND_INFO,
  KINDS,
  MIDDLEWARE_LIST,
  MIDDLEWARE_NAMES,
  enforcement,
  enforcementLine,
  enforcementNote,
  isBroad,
  supportLevel,
} from "./ban-kinds.js";
import "./respond.css";

/** The ban kinds as radio buttons, narrowest first, each saying what it stops and where. */
export function BanKindPicker({
  kind,
  onChange,
}: {
  kind: BanKind;
  onChange: (k: BanKind) => void;
}) {
  const name = useId();
  return (
    <fieldset className="kind-picker">
      <legend>What to ban (narrowest first)</legend>
      {KINDS.map((k) => {
        const id = `${name}-${k}`;
        return (
          <div key={k} className={`kind-option${k === kind ? " is-selected" : ""}`}>
            <input
              type="radio"
              id={id}
              name={name}
              value={k}
              checked={k === kind}
              onChange={() => onChange(k)}
              data-testid={`ban-kind-${k}`}
              aria-describedby={`${id}-desc`}
            />
            <div>
              <label htmlFor={id}>
                {KIND_INFO[k].title}
                {isBroad(k) ? <span className="tag tag-broad">broad</span> : null}
              </label>
              <p id={`${id}-desc`} className="small kind-desc">
                Stops {KIND_INFO[k].stops}. <span className="muted">{enforcementLine(k)}.</span>
              </p>
            </div>
          </div>
        );
      })}
      <MiddlewareDetails kind={kind} />
    </fieldset>
  );
}

const LEVEL_TEXT = { full: "yes", partial: "partly", none: "no" } as const;

/** Per middleware, how the ban files enforce the chosen kind (the server's notes). */
function MiddlewareDetails({ kind }: { kind: BanKind }) {
  const none = enforcement(kind).none;
  return (
    <details className="kind-details">
      <summary>
        Where a ban of this kind ({KIND_INFO[kind].title.toLowerCase()}) is enforced, per middleware
        {none.length > 0 ? ` (${none.length} cannot)` : ""}
      </summary>
      <ul className="plain-list">
        {MIDDLEWARE_LIST.map((m) => {
          const level = supportLevel(m, kind);
          return (
            <li key={m} className={`support support-${level}`}>
              <strong>{MIDDLEWARE_NAMES[m]}</strong>: {LEVEL_TEXT[level]} —{" "}
              {enforcementNote(m, kind)}
            </li>
          );
        })}
      </ul>
    </details>
  );
}
