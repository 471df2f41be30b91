import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { importFile, importIssues, type ImportIssue, type ImportOutcome } from "../api/import.js";
import { ErrorBanner } from "../components/Feedback.js";
import { TableScroll } from "../components/TableScroll.js";
import { useTitle } from "../components/useTitle.js";

const FORMATS = [
  { id: "", label: "Detect from the file" },
  { id: "xlsx", label: "The group's spreadsheet (XLSX)" },
  { id: "csv", label: "The group's spreadsheet (CSV)" },
  { id: "json", label: "TTT JSON export (whole assessment)" },
  { id: "ciso-assessment", label: "CISO Assistant risk assessment (CSV/XLSX)" },
  { id: "ciso-matrix", label: "CISO Assistant risk matrix (methodology)" },
];

/**
 * Import an assessment (or a methodology) from a file: always previewed first (a dry run that
 * writes nothing), with every problem named by sheet, row and column; then imported in one go.
 */
export function Import() {
  useTitle("Import");
  const ids = { file: useId(), format: useId(), id: useId(), title: useId(), skip: useId() };
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState("");
  const [assessment, setAssessment] = useState("");
  const [title, setTitle] = useState("");
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<ImportOutcome | null>(null);
  const [done, setDone] = useState<ImportOutcome | null>(null);
  const [error, setError] = useState<unknown>(undefined);

  const reset = () => {
    setPreview(null);
    setDone(null);
    setError(undefined);
  };

  async function run(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const outcome = await importFile(file, {
        format,
        dryRun,
        skipInvalid,
        assessment: assessment.trim(),
        title: title.trim(),
      });
      if (dryRun) setPreview(outcome);
      else setDone(outcome);
    } catch (e) {
      setError(e);
      setPreview(null);
    } finally {
      setBusy(false);
    }
  }

  const onPreview = (e: FormEvent) => {
    e.preventDefault();
    void run(true);
  };
  const issues = importIssues(error);

  return (
    <section aria-labelledby="import-h" className="import-page">
      <h1 id="import-h">Import</h1>
      <p className="lead">
        The group&apos;s spreadsheet, a TTT JSON export, or CISO Assistant files. Nothing is written
        until you have seen the preview; a file with errors imports nothing unless you choose to
        skip the invalid rows.
      </p>
      <form className="form" onSubmit={onPreview}>
        <div className="field">
          <label htmlFor={ids.file}>File</label>
          <input
            id={ids.file}
            type="file"
            required
            accept=".xlsx,.csv,.json,.yaml,.yml"
            data-testid="import-file"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              reset();
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.format}>Format</label>
          <select
            id={ids.format}
            value={format}
            data-testid="import-format"
            onChange={(e) => {
              setFormat(e.target.value);
              reset();
            }}
          >
            {FORMATS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.id}>Assessment id (optional; default from the file)</label>
          <input
            id={ids.id}
            value={assessment}
            pattern="[a-z0-9][a-z0-9\-]*"
            data-testid="import-assessment"
            onChange={(e) => setAssessment(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.title}>Title (optional)</label>
          <input id={ids.title} value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field field-check">
          <input
            id={ids.skip}
            type="checkbox"
            checked={skipInvalid}
            data-testid="import-skip-invalid"
            onChange={(e) => setSkipInvalid(e.target.checked)}
          />
          <label htmlFor={ids.skip}>Skip invalid rows (and list them) instead of refusing</label>
        </div>
        <button type="submit" className="btn" disabled={!file || busy} data-testid="import-preview">
          Preview
        </button>
      </form>
      {error !== undefined && issues.length === 0 ? (
        <ErrorBanner error={error} title="The file was refused" />
      ) : null}
      {issues.length > 0 ? <IssueTable title="The file was refused" issues={issues} /> : null}
      {preview && !done ? (
        <Outcome outcome={preview}>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            data-testid="import-apply"
            onClick={() => void run(false)}
          >
            Import {preview.target.kind} {preview.target.id}
          </button>
        </Outcome>
      ) : null}
      {done ? (
        <Outcome outcome={done}>
          {done.target.kind === "assessment" ? (
            <Link className="btn btn-primary" to={`/a/${encodeURIComponent(done.target.id)}`}>
              Open {done.target.id}
            </Link>
          ) : null}
        </Outcome>
      ) : null}
    </section>
  );
}

function Outcome({ outcome, children }: { outcome: ImportOutcome; children: React.ReactNode }) {
  const c = outcome.counts;
  return (
    <section className="card" aria-live="polite" data-testid="import-outcome">
      <h2>
        {outcome.applied ? "Imported" : "Preview"}: {outcome.target.kind} {outcome.target.id}
        {outcome.target.version ? ` (${outcome.target.version})` : ""} from {outcome.format}
      </h2>
      <p>
        {c.threats} threats, {c.workflows} workflows, {c.rows} rows, {c.scores} scores,{" "}
        {c.mitigations} mitigations
        {c.versions > 1 ? `, ${c.versions} versions, ${c.rounds} rounds, ${c.votes} votes` : ""}.
      </p>
      {outcome.warnings.map((w) => (
        <p key={w} className="muted">
          {w}
        </p>
      ))}
      {outcome.skipped.length > 0 ? (
        <IssueTable title={`Skipped (${outcome.skipped.length})`} issues={outcome.skipped} />
      ) : null}
      {outcome.preview.length > 0 ? (
        <TableScroll label="Rows to import">
          <table className="table">
            <caption>Rows</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Threat</th>
                <th scope="col">Workflow</th>
                <th scope="col">L</th>
                <th scope="col">I</th>
              </tr>
            </thead>
            <tbody>
              {outcome.preview.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.id}</th>
                  <td>{r.threat}</td>
                  <td>{r.workflow ?? "—"}</td>
                  <td>{r.likelihood ?? "—"}</td>
                  <td>{r.impact ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      <div className="actions">{children}</div>
    </section>
  );
}

function IssueTable({ title, issues }: { title: string; issues: ImportIssue[] }) {
  return (
    <div className="banner banner-error" role="alert" data-testid="import-issues">
      <p className="banner-title">{title}</p>
      <TableScroll label={title}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Sheet</th>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Field</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((i, n) => (
              <tr key={n}>
                <td>{i.sheet ?? ""}</td>
                <td>{i.row ?? ""}</td>
                <td>{i.column ?? ""}</td>
                <td>{i.path ? <code>{i.path}</code> : ""}</td>
                <td>{i.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
