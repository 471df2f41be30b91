import { useEffect, useId, useState } from "react";
import { api } from "../api/endpoints.js";
import type { CheckReport, VersionView } from "../api/types.js";
import { ConfirmDialog } from "./ConfirmDialog.js";
import { ErrorBanner, Loading } from "./Feedback.js";

export interface PendingAction {
  kind: "freeze" | "release" | "create";
  version: VersionView;
}

/** "v1.0" → "v1.1", "v0.9" → "v0.10", otherwise "<label>-next". */
export function nextLabel(label: string, taken: string[]): string {
  const m = /^(.*?)(\d+)$/.exec(label);
  let candidate = m ? `${m[1] ?? ""}${Number(m[2]) + 1}` : `${label}-next`;
  while (taken.includes(candidate)) candidate = `${candidate}.1`;
  return candidate;
}

/**
 * Confirms a version action and runs it: freeze (with the quality checks shown first),
 * release, or a new draft started from a frozen or released version.
 */
export function VersionAction({
  assessment,
  versions,
  action,
  onClose,
  onDone,
}: {
  assessment: string;
  versions: VersionView[];
  action: PendingAction;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const v = action.version;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [label, setLabel] = useState(() =>
    nextLabel(
      versions.at(-1)?.label ?? v.label,
      versions.map((x) => x.label),
    ),
  );
  const [notes, setNotes] = useState("");
  const ids = { label: useId(), notes: useId() };

  async function run() {
    setBusy(true);
    setError(undefined);
    try {
      if (action.kind === "freeze") {
        await api.freeze(assessment, v.label);
        onDone(`${v.label} is frozen: it can no longer change.`);
      } else if (action.kind === "release") {
        await api.release(assessment, v.label);
        onDone(`${v.label} is released.`);
      } else {
        const created = await api.createVersion(assessment, {
          label: label.trim(),
          from: v.label,
          ...(notes.trim() ? { notes: notes.trim() } : {}),
        });
        onDone(`Draft ${created.label} started from ${v.label}.`);
      }
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  const title =
    action.kind === "freeze"
      ? `Freeze ${v.label}?`
      : action.kind === "release"
        ? `Release ${v.label}?`
        : `New version from ${v.label}`;
  const confirm =
    action.kind === "freeze"
      ? `Freeze ${v.label}`
      : action.kind === "release"
        ? `Release ${v.label}`
        : "Create draft";

  return (
    <ConfirmDialog
      open
      title={title}
      confirmLabel={confirm}
      busy={busy}
      onCancel={onClose}
      onConfirm={() => void run()}
      testId={`version-${action.kind}`}
    >
      <ErrorBanner error={error} title="The server refused" />
      {action.kind === "freeze" ? (
        <>
          <p>
            A frozen version is immutable: no more rounds, settlements or catalogue edits. This
            cannot be undone; later changes go into a new version.
          </p>
          <Checks assessment={assessment} version={v.label} />
        </>
      ) : null}
      {action.kind === "release" ? (
        <p>
          Releasing publishes {v.label} as a result of the assessment. It stays immutable; this
          cannot be undone.
        </p>
      ) : null}
      {action.kind === "create" ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <p>
            The new draft starts as a copy of {v.label}: its catalogue and current scores (marked as
            carried from {v.label}).
          </p>
          <div className="field">
            <label htmlFor={ids.label}>Label of the new version</label>
            <input
              id={ids.label}
              required
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              data-testid="version-new-label"
            />
          </div>
          <div className="field">
            <label htmlFor={ids.notes}>Notes (optional)</label>
            <textarea
              id={ids.notes}
              rows={3}
              value={notes}
              onChange={(e) => setNotes(e.target.value)}
            />
          </div>
        </form>
      ) : null}
    </ConfirmDialog>
  );
}

/** The quality checks of the version about to be frozen. */
function Checks({ assessment, version }: { assessment: string; version: string }) {
  const [report, setReport] = useState<CheckReport | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    const ctrl = new AbortController();
    api.check(assessment, version, ctrl.signal).then(setReport, (e: unknown) => {
      if (!ctrl.signal.aborted) setError(e);
    });
    return () => ctrl.abort();
  }, [assessment, version]);
  if (error) return <ErrorBanner error={error} title="Quality checks unavailable" />;
  if (!report) return <Loading what="quality checks" />;
  const { errors, warnings } = report.summary;
  return (
    <div className="checks">
      <p>
        <strong>Quality checks:</strong>{" "}
        {report.findings.length === 0
          ? "nothing to report."
          : `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}.`}
      </p>
      {report.findings.length > 0 ? (
        <ul className="check-list">
          {report.findings.map((f, i) => (
            <li key={`${f.code}-${i}`} className={`check-${f.severity}`}>
              <span className="check-severity">{f.severity}</span> {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
