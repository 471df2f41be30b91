import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { incidentsApi, type IngestSummary } from "../api/incidents.js";
import { ErrorBanner } from "../components/Feedback.js";
import { siteOfPath } from "./ingest-site.js";

interface Totals {
  files: number;
  lines: number;
  events: number;
  bad: number;
  alerts: number;
  already: number;
}

const add = (t: Totals, s: IngestSummary): Totals => ({
  files: t.files + 1,
  lines: t.lines + s.lines,
  events: t.events + s.events,
  bad: t.bad + s.bad,
  alerts: t.alerts + s.alerts,
  already: t.already + s.alreadyIngested,
});

/**
 * Logs ingested for the incident: files, or a folder of a site's logs (each file's site taken
 * from its folder); every run lands in the action log and the linked bans raise their alerts.
 */
export function IngestPanel({ incident, onDone }: { incident: string; onDone: () => void }) {
  const ids = { files: useId(), folder: useId(), site: useId(), tz: useId() };
  const folderRef = useRef<HTMLInputElement>(null);
  const filesRef = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [site, setSite] = useState("");
  const [tz, setTz] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [totals, setTotals] = useState<Totals | null>(null);
  useEffect(() => folderRef.current?.setAttribute("webkitdirectory", ""), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    let t: Totals = { files: 0, lines: 0, events: 0, bad: 0, alerts: 0, already: 0 };
    try {
      for (const f of files) {
        const name = f.webkitRelativePath || f.name;
        setBusy(name);
        const fromFolder = siteOfPath(f.webkitRelativePath);
        const data = await f.arrayBuffer();
        const s = await incidentsApi.ingest(
          incident,
          data,
          name,
          fromFolder ?? (site.trim() || null),
          tz.trim() || null,
        );
        t = add(t, s);
        setTotals(t);
      }
      setFiles([]);
      for (const input of [folderRef.current, filesRef.current]) if (input) input.value = "";
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
      onDone();
    }
  }
  const pick = (list: FileList | null) => setFiles(list === null ? [] : [...list]);
  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-labelledby="ingest-h">
      <h2 id="ingest-h">Ingest logs for this incident</h2>
      <p className="small muted">
        Each run is written to the action log; events of the linked bans raise alerts.
      </p>
      <ErrorBanner error={error} title="The ingest stopped" />
      <div className="form-grid">
        <div className="field">
          <label htmlFor={ids.folder}>A folder of logs (one sub-folder per site)</label>
          <input
            id={ids.folder}
            ref={folderRef}
            type="file"
            multiple
            onChange={(e) => pick(e.target.files)}
            data-testid="ingest-folder"
          />
        </div>
        <div className="field">
          <label htmlFor={ids.files}>Or files of one site</label>
          <input
            id={ids.files}
            ref={filesRef}
            type="file"
            multiple
            onChange={(e) => pick(e.target.files)}
            data-testid="ingest-files"
          />
        </div>
        <div className="field">
          <label htmlFor={ids.site}>Site of the files</label>
          <input id={ids.site} value={site} onChange={(e) => setSite(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.tz}>Time zone of logs in local time</label>
          <input
            id={ids.tz}
            value={tz}
            onChange={(e) => setTz(e.target.value)}
            placeholder="UTC, or e.g. Europe/Zurich, +01:00"
            aria-describedby={`${ids.tz}-help`}
            data-testid="ingest-tz"
          />
          <p id={`${ids.tz}-help`} className="small muted">
            For HTCondor, ARC and dCache billing logs, which write times without an offset.
          </p>
        </div>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy !== null || files.length === 0}
          data-testid="ingest-submit"
        >
          {busy !== null ? `Reading ${busy}…` : `Ingest ${files.length} file(s)`}
        </button>
      </div>
      {totals !== null ? (
        <p role="status" data-testid="ingest-result">
          {totals.files} files, {totals.lines} lines: {totals.events} new events, {totals.bad} bad
          lines, {totals.already} already ingested, {totals.alerts} alerts.
        </p>
      ) : null}
    </form>
  );
}
