import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Link } from "react-router";
import type { TimelineEvent, TraceBy } from "../api/trace.js";
import { ErrorBanner } from "../components/Feedback.js";
import { clip, isoOf, shortJti, utc } from "./trace-format.js";
import "./trace.css";

/** Where a pivot on (by, value) goes; iss is the event's, kept for token and subject pivots. */
export type PivotHref = (by: TraceBy, value: string, iss: string | null) => string;

export interface StarProps {
  starred: boolean;
  onStar: (eventId: number, note: string | undefined) => Promise<void>;
}

/** Columns of the timeline, shared with the header so they never drift apart. */
export const TIMELINE_COLUMNS = [
  "Time (UTC)",
  "Site",
  "Host",
  "Component",
  "Action",
  "Outcome",
  "Subject",
  "Token",
  "Client",
  "Object",
  "IP",
  "Confidence",
  "Why",
] as const;

function Pivot({
  by,
  value,
  iss,
  pivotHref,
  children,
  label,
}: {
  by: TraceBy;
  value: string | null;
  iss: string | null;
  pivotHref: PivotHref;
  children?: ReactNode;
  label: string;
}) {
  if (value === null || value === "") return <>—</>;
  return (
    <Link
      to={pivotHref(by, value, iss)}
      className="pivot"
      title={`Trace ${label} ${value}`}
      data-testid={`pivot-${by}`}
    >
      {children ?? value}
    </Link>
  );
}

/**
 * One event of the timeline: every pivotable field (token, subject, client, path, address) is a
 * link starting a trace by it; candidates look different (badge and hatched edge, not only a
 * colour); with an incident, a star button files the event into it with an optional note.
 */
export function TimelineRow({
  e,
  pivotHref,
  star,
}: {
  e: TimelineEvent;
  pivotHref: PivotHref;
  star: StarProps | null;
}) {
  const [open, setOpen] = useState(false);
  const starButton = useRef<HTMLButtonElement>(null);
  const formId = useId();
  const conf = e.match.confidence;
  const cols = TIMELINE_COLUMNS.length + (star ? 1 : 0);
  const time = utc(e.timeMs);
  const what = `the event of ${time === "—" ? `#${e.id}` : time}`;
  /** Closes the note form, back on the button that opened it. */
  const close = () => {
    setOpen(false);
    starButton.current?.focus();
  };
  return (
    <>
      <tr
        className={`timeline-row is-${conf}${star?.starred ? " is-starred" : ""}`}
        data-testid="timeline-row"
        data-confidence={conf}
        data-event-id={e.id}
        data-starred={star?.starred ? "true" : undefined}
      >
        <td className="nowrap mono" title={isoOf(e.timeMs)}>
          {time}
        </td>
        <td className="nowrap">{e.site ?? "—"}</td>
        <td className="small">{e.host ?? "—"}</td>
        <td>{e.component}</td>
        <td className="nowrap">{e.action}</td>
        <td className={e.outcome === "failure" ? "warn-text" : undefined}>{e.outcome}</td>
        <td className="mono small nowrap">
          <Pivot by="sub" value={e.sub} iss={e.iss} pivotHref={pivotHref} label="subject">
            {e.sub === null ? null : clip(e.sub, 14)}
          </Pivot>
        </td>
        <td className="mono nowrap">
          <Pivot by="jti" value={e.jti} iss={e.iss} pivotHref={pivotHref} label="token">
            {e.jti === null ? null : shortJti(e.jti)}
          </Pivot>
        </td>
        <td className="mono small nowrap">
          <Pivot by="client" value={e.clientId} iss={e.iss} pivotHref={pivotHref} label="client">
            {e.clientId === null ? null : clip(e.clientId, 18)}
          </Pivot>
        </td>
        <td className="mono small object-cell">
          {e.objectKind === "path" ? (
            <Pivot by="path" value={e.object} iss={e.iss} pivotHref={pivotHref} label="path">
              {e.object === null ? null : clip(e.object, 48)}
            </Pivot>
          ) : (
            <span title={e.object ?? undefined}>
              {e.object === null ? "—" : clip(e.object, 48)}
            </span>
          )}
        </td>
        <td className="mono nowrap">
          <Pivot by="ip" value={e.clientIp} iss={e.iss} pivotHref={pivotHref} label="address" />
        </td>
        <td>
          <span className={`conf-badge conf-${conf}`}>{conf}</span>
        </td>
        <td className="why-cell">
          <details>
            <summary>{e.match.via}</summary>
            <p>{e.match.reason}</p>
            {e.match.jti ? (
              <p className="small">
                Token: <code>{e.match.jti}</code>
              </p>
            ) : null}
            <p className="small">
              <code>
                {e.source.file}:{e.source.line}
              </code>
            </p>
          </details>
        </td>
        {star ? (
          <td>
            <button
              ref={starButton}
              type="button"
              className={`btn btn-small star-btn${star.starred ? " is-on" : ""}`}
              aria-expanded={open}
              aria-controls={open ? formId : undefined}
              aria-label={
                star.starred
                  ? `Starred: star ${what} into the incident again`
                  : `Star ${what} into the incident`
              }
              onClick={() => setOpen((o) => !o)}
              data-testid="timeline-star"
            >
              <span aria-hidden="true">{star.starred ? "★" : "☆"}</span>
            </button>
          </td>
        ) : null}
      </tr>
      {star && open ? (
        <tr className="star-form-row" id={formId}>
          <td colSpan={cols}>
            <StarForm
              what={what}
              onCancel={close}
              onSave={async (note) => {
                await star.onStar(e.id, note);
                close();
              }}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function StarForm({
  what,
  onSave,
  onCancel,
}: {
  what: string;
  onSave: (note: string | undefined) => Promise<void>;
  onCancel: () => void;
}) {
  const id = useId();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSave(note.trim() === "" ? undefined : note.trim());
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <form
      className="star-form"
      aria-label={`Star ${what} into the incident`}
      onSubmit={(ev) => void submit(ev)}
      onKeyDown={(ev) => {
        if (ev.key === "Escape" && !busy) onCancel();
      }}
    >
      <ErrorBanner error={error} title="Could not star the event" />
      <div className="field field-inline">
        <label htmlFor={id}>Note (optional)</label>
        <input
          id={id}
          value={note}
          maxLength={2000}
          onChange={(ev) => setNote(ev.target.value)}
          data-testid="timeline-star-note"
          autoFocus
        />
        <button
          type="submit"
          className="btn btn-small btn-primary"
          disabled={busy}
          data-testid="timeline-star-submit"
        >
          {busy ? "Starring…" : "Star into the incident"}
        </button>
        <button type="button" className="btn btn-small" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
