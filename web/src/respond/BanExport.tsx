import { useId, useState } from "react";
import { FORMAT_TITLES } from "../../../src/bans/export/formats.js";
import { saveBlob } from "../api/download.js";
import { respondApi, type BanFile, type BanFileQuery, type Middleware } from "../api/respond.js";
import { ErrorBanner } from "../components/Feedback.js";
import { formatDate } from "../components/format.js";
import { MIDDLEWARE_LIST } from "./ban-kinds.js";
import { TextField } from "./TextField.js";
import "./respond.css";

/**
 * The ban file for one middleware: preview it, or download it under the server's file name.
 * StoRM needs its storage areas and XRootD one issuer, as the server says.
 */
export function BanExport() {
  const formatId = useId();
  const [format, setFormat] = useState<Middleware>("dcache");
  const [site, setSite] = useState("");
  const [issuer, setIssuer] = useState("");
  const [areas, setAreas] = useState("");
  const [file, setFile] = useState<BanFile | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  function exportQuery(): BanFileQuery {
    const storageAreas = areas.split(/[\s,]+/).filter((a) => a !== "");
    return {
      format,
      site: site.trim() || undefined,
      issuer: issuer.trim() || undefined,
      options:
        format === "storm" && storageAreas.length > 0
          ? JSON.stringify({ storm: { storageAreas } })
          : undefined,
    };
  }

  async function load(download: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      const f = await respondApi.banFile(exportQuery());
      setFile(f);
      if (download) saveBlob(new Blob([f.content], { type: f.mediaType }), f.filename);
    } catch (err) {
      setError(err);
      setFile(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="export-h">
      <h2 id="export-h">Ban files for the middleware</h2>
      <p className="muted small">
        Bans active now (and, where the format can wait for them, pending ones), as the file a site
        installs. Bans a format cannot express are listed with what to use instead.
      </p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={formatId}>Middleware</label>
          <select
            id={formatId}
            value={format}
            onChange={(e) => {
              setFormat(e.target.value as Middleware);
              setFile(null);
            }}
            data-testid="export-format"
          >
            {MIDDLEWARE_LIST.map((m) => (
              <option key={m} value={m}>
                {m} — {FORMAT_TITLES[m]}
              </option>
            ))}
          </select>
        </div>
        <TextField
          label="Site (optional)"
          testId="export-site"
          hint="Only bans that apply at this site"
          value={site}
          onChange={setSite}
        />
        <TextField
          label={format === "xrootd" ? "Issuer (required for XRootD)" : "Issuer (optional)"}
          testId="export-issuer"
          hint="Only bans of this issuer URL"
          value={issuer}
          onChange={setIssuer}
          mono
        />
        {format === "storm" ? (
          <TextField
            label="Storage areas (required for StoRM)"
            testId="export-storage-areas"
            hint="The name= of each file in /etc/storm/webdav/sa.d, separated by commas"
            value={areas}
            onChange={setAreas}
          />
        ) : null}
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="btn"
          disabled={busy}
          onClick={() => void load(false)}
          data-testid="export-preview"
        >
          Preview
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={() => void load(true)}
          data-testid="export-download"
        >
          Download
        </button>
      </div>
      <ErrorBanner error={error} title="Could not make the ban file" />
      {file ? <FilePreview file={file} /> : null}
    </section>
  );
}

function FilePreview({ file }: { file: BanFile }) {
  return (
    <div data-testid="export-result">
      <p className="small">
        <code>{file.filename}</code>, generated {formatDate(file.generatedAt)}:{" "}
        {file.covered.length} ban(s) written, {file.pending.length} pending
        {file.nextChangeAt ? `; regenerate by ${formatDate(file.nextChangeAt)}` : ""}.
      </p>
      {file.unenforceable_at.length > 0 ? (
        <details data-testid="export-unenforceable">
          <summary>{file.unenforceable_at.length} ban(s) not enforced by this file</summary>
          <ul className="small">
            {file.unenforceable_at.map((u) => (
              <li key={u.banId}>
                <code>{u.banId}</code> ({u.kind}): {u.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <pre className="file-preview" data-testid="export-content" tabIndex={0}>
        {file.content}
      </pre>
    </div>
  );
}
