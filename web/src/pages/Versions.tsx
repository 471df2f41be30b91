import { useId, useState } from "react";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import type { VersionView } from "../api/types.js";
import { useAssessment } from "../app/AssessmentLayout.js";
import { canManage, useAuth } from "../app/auth.js";
import { DiffView } from "../components/DiffView.js";
import { Notice } from "../components/Feedback.js";
import { ReportDownloads } from "../components/ReportDownloads.js";
import { formatDate } from "../components/format.js";
import { StateBadge } from "../components/StateBadge.js";
import { TableScroll } from "../components/TableScroll.js";
import { useTitle } from "../components/useTitle.js";
import { VersionAction, type PendingAction } from "../components/VersionAction.js";

/** An assessment's versions (draft → frozen → released), their actions, and the diff of two. */
export function Versions() {
  const { assessment, reload } = useAssessment();
  useTitle(`Versions · ${assessment.id}`);
  const { user } = useAuth();
  const manage = canManage(user?.role);
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const versions = assessment.versions;
  const draft = versions.find((v) => v.state === "draft");
  const base = `/a/${encodeURIComponent(assessment.id)}`;
  const onDiff = pathname.endsWith("/diff");
  const from = params.get("from");
  const to = params.get("to");

  return (
    <section aria-labelledby="versions-h">
      <h1 id="versions-h">Versions</h1>
      {assessment.description ? <p className="lead">{assessment.description}</p> : null}
      {done ? <Notice>{done}</Notice> : null}
      {manage && draft ? (
        <p className="muted small">
          {draft.label} is the draft; a new version can start once it is frozen.
        </p>
      ) : null}
      <TableScroll label="Versions">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">Parent</th>
              <th scope="col">Created</th>
              <th scope="col">Frozen</th>
              <th scope="col">Released</th>
              <th scope="col">Notes</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <VersionRow
                key={v.label}
                assessment={assessment.id}
                v={v}
                base={base}
                manage={manage}
                draftExists={draft !== undefined}
                onAction={(kind) => {
                  setDone(null);
                  setPending({ kind, version: v });
                }}
              />
            ))}
          </tbody>
        </table>
      </TableScroll>
      {pending ? (
        <VersionAction
          assessment={assessment.id}
          versions={versions}
          action={pending}
          onClose={() => setPending(null)}
          onDone={(message) => {
            setPending(null);
            setDone(message);
            reload();
          }}
        />
      ) : null}
      <DiffPicker
        key={`${from}-${to}-${versions.length}`}
        versions={versions}
        from={from}
        to={to}
        base={base}
      />
      {onDiff && from && to ? (
        <DiffView
          assessment={assessment.id}
          methodology={assessment.methodologyId}
          from={from}
          to={to}
        />
      ) : null}
    </section>
  );
}

function VersionRow({
  assessment,
  v,
  base,
  manage,
  draftExists,
  onAction,
}: {
  assessment: string;
  v: VersionView;
  base: string;
  manage: boolean;
  draftExists: boolean;
  onAction: (kind: PendingAction["kind"]) => void;
}) {
  const q = `?version=${encodeURIComponent(v.label)}`;
  return (
    <tr>
      <th scope="row">
        <Link to={`${base}/table${q}`}>{v.label}</Link>
      </th>
      <td>
        <StateBadge state={v.state} />
      </td>
      <td>{v.parent ?? "—"}</td>
      <td>
        {formatDate(v.createdAt)}
        <div className="muted small">by {v.createdBy}</div>
      </td>
      <td>{formatDate(v.frozenAt)}</td>
      <td>{formatDate(v.releasedAt)}</td>
      <td className="notes-cell">{v.notes || "—"}</td>
      <td>
        <div className="actions">
          <ReportDownloads assessment={assessment} version={v.label} />
          {v.parent ? (
            <Link
              className="btn btn-small"
              to={`${base}/diff?from=${encodeURIComponent(v.parent)}&to=${encodeURIComponent(v.label)}`}
              data-testid={`version-diff-${v.label}`}
            >
              Changes since {v.parent}
            </Link>
          ) : null}
          {manage && v.state === "draft" ? (
            <button
              type="button"
              className="btn btn-small btn-primary"
              onClick={() => onAction("freeze")}
              data-testid={`version-freeze-${v.label}`}
            >
              Freeze
            </button>
          ) : null}
          {manage && v.state === "frozen" ? (
            <button
              type="button"
              className="btn btn-small btn-primary"
              onClick={() => onAction("release")}
              data-testid={`version-release-${v.label}`}
            >
              Release
            </button>
          ) : null}
          {manage && v.state !== "draft" ? (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => onAction("create")}
              disabled={draftExists}
              title={draftExists ? "Freeze the current draft first" : undefined}
              data-testid={`version-create-from-${v.label}`}
            >
              New version from {v.label}
            </button>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

function DiffPicker({
  versions,
  from,
  to,
  base,
}: {
  versions: VersionView[];
  from: string | null;
  to: string | null;
  base: string;
}) {
  const navigate = useNavigate();
  const ids = { from: useId(), to: useId() };
  const labels = versions.map((v) => v.label);
  const [a, setA] = useState(from ?? labels.at(-2) ?? labels[0] ?? "");
  const [b, setB] = useState(to ?? labels.at(-1) ?? "");
  if (labels.length < 2) return null;
  return (
    <form
      className="card diff-picker"
      aria-labelledby="diff-h"
      onSubmit={(e) => {
        e.preventDefault();
        void navigate(`${base}/diff?from=${encodeURIComponent(a)}&to=${encodeURIComponent(b)}`);
      }}
    >
      <h2 id="diff-h">Compare two versions</h2>
      <div className="inline-fields">
        <div className="field field-inline">
          <label htmlFor={ids.from}>From</label>
          <select
            id={ids.from}
            value={a}
            onChange={(e) => setA(e.target.value)}
            data-testid="diff-from"
          >
            {labels.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor={ids.to}>To</label>
          <select
            id={ids.to}
            value={b}
            onChange={(e) => setB(e.target.value)}
            data-testid="diff-to"
          >
            {labels.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={a === b}
          data-testid="diff-submit"
        >
          Show differences
        </button>
      </div>
      {a === b ? <p className="muted small">Pick two different versions.</p> : null}
    </form>
  );
}
