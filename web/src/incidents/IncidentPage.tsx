import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { incidentsApi, type IncidentView } from "../api/incidents.js";
import { useApi } from "../api/useApi.js";
import { ErrorBanner, Loading } from "../components/Feedback.js";
import { formatDate } from "../components/format.js";
import { useTitle } from "../components/useTitle.js";
import { ActionLog } from "./ActionLog.js";
import { AffectedPanel } from "./AffectedPanel.js";
import { ClockPanel } from "./ClockPanel.js";
import { ExportPanel } from "./ExportPanel.js";
import { IngestPanel } from "./IngestPanel.js";
import { LessonsPanel } from "./LessonsPanel.js";
import { LinkedItems } from "./LinkedItems.js";
import { PlaybookPanel } from "./PlaybookPanel.js";
import { TlpBadge, WordBadge } from "./TlpBadge.js";
import "./incidents.css";

/**
 * The case file: procedure clock, the playbooks of the linked tokens' workflows, linked tokens,
 * bans, traces and alerts, the action log with notes, logs ingested for the case, lessons
 * learned and the exports. Every change answers the new case file, shown at once.
 */
export function IncidentPage() {
  const { id = "" } = useParams();
  // a new incident is a new page: no state (a half-written note, the lessons) carries over
  return <CaseFile key={id} id={id} />;
}

function CaseFile({ id }: { id: string }) {
  const loaded = useApi((s) => incidentsApi.get(id, s), [id]);
  const [view, setView] = useState<IncidentView | undefined>(undefined);
  useEffect(() => setView(loaded.data), [loaded.data]);
  useTitle(view ? `Incident: ${view.title}` : "Incident");
  if (loaded.error !== undefined)
    return <ErrorBanner error={loaded.error} title="The incident cannot be shown" />;
  if (view === undefined) return <Loading what="the incident" />;
  const q = `incident=${encodeURIComponent(view.id)}`;
  return (
    <article aria-labelledby="incident-h" className="incident">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            Incident {view.id} · discovered {formatDate(view.discoveredAt)} · opened by{" "}
            {view.createdBy}
          </p>
          <h1 id="incident-h" data-testid="incident-heading">
            {view.title}
          </h1>
          <p className="incident-badges">
            <TlpBadge tlp={view.tlp} /> <WordBadge word={view.severity} kind="severity" />{" "}
            <WordBadge word={view.state} kind="state" />
          </p>
        </div>
        <nav aria-label="Work on this incident" className="incident-tools">
          <Link className="btn" to={`/inspect?${q}`} data-testid="incident-inspect">
            Inspect a token
          </Link>
          <Link className="btn" to={`/bans/new?${q}`} data-testid="incident-ban">
            Ban
          </Link>
          <Link className="btn" to={`/trace?${q}`} data-testid="incident-trace">
            Trace
          </Link>
        </nav>
      </div>
      {view.summary !== null ? <p className="lead">{view.summary}</p> : null}
      <div className="incident-grid">
        <ClockPanel view={view} onChange={setView} />
        <PlaybookPanel view={view} onChange={setView} />
      </div>
      <AffectedPanel view={view} onChange={setView} />
      <LinkedItems view={view} />
      <ActionLog view={view} onChange={setView} />
      <IngestPanel incident={view.id} onDone={loaded.reload} />
      <LessonsPanel view={view} onChange={setView} />
      <ExportPanel incident={view.id} onDone={loaded.reload} />
    </article>
  );
}
