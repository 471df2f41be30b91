import { Link, useParams } from "react-router";
import { api } from "../api/endpoints.js";
import type { RowView, Threat } from "../api/types.js";
import { useApi } from "../api/useApi.js";
import { useAssessment } from "../app/AssessmentLayout.js";
import { ErrorBanner, Loading } from "../components/Feedback.js";
import { formatDate } from "../components/format.js";
import { LevelBadge } from "../components/LevelBadge.js";
import { MitigationTable } from "../components/MitigationTable.js";
import { RoundCard } from "../components/RoundCard.js";
import { SettlementHistory } from "../components/SettlementHistory.js";
import { useTitle } from "../components/useTitle.js";
import { useVersionParam, VersionPicker } from "../components/VersionPicker.js";

/** Everything about one row: the threat, mitigations, every round, the settled score. */
export function RowPage() {
  const { assessment } = useAssessment();
  const { row: rowId = "" } = useParams();
  const version = useVersionParam();
  const a = assessment.id;
  const row = useApi((s) => api.row(a, rowId, version, s), [a, rowId, version]);
  const cat = useApi((s) => api.catalogue(a, version, s), [a, version]);
  const rounds = useApi((s) => api.rounds(a, rowId, version, s), [a, rowId, version]);
  const settlements = useApi((s) => api.settlements(a, rowId, version, s), [a, rowId, version]);
  useTitle(`${rowId} · ${a}`);
  const base = `/a/${encodeURIComponent(a)}`;
  const label = cat.data?.version ?? version ?? assessment.latest?.label ?? "";
  const q = `?version=${encodeURIComponent(label)}`;

  if (!row.data) {
    return row.loading ? (
      <Loading what={`row ${rowId}`} />
    ) : (
      <>
        <ErrorBanner error={row.error} title={`Row ${rowId}`} onRetry={row.reload} />
        <div className="actions">
          <VersionPicker versions={assessment.versions} />
          <Link to={`${base}/table${version ? `?version=${encodeURIComponent(version)}` : ""}`}>
            Back to the meta-table
          </Link>
        </div>
      </>
    );
  }
  const r = row.data;
  const threat = cat.data?.threats.find((t) => t.id === r.threat.id);
  const workflow = r.workflow ? cat.data?.workflows.find((w) => w.id === r.workflow?.id) : null;
  const linked = cat.data?.mitigations.filter((m) => m.rows.includes(r.id)) ?? [];

  return (
    <article aria-labelledby="row-h">
      <p className="eyebrow">
        <Link to={`${base}/table${q}`}>Meta-table {label}</Link> <span aria-hidden="true">›</span>{" "}
        {r.id}
      </p>
      <div className="page-head">
        <h1 id="row-h">
          {r.id} <span className="h-sub">{r.threat.title}</span>
          {r.threat.placeholder ? <span className="tag tag-placeholder">placeholder</span> : null}
          {r.status === "retired" ? <span className="tag">retired</span> : null}
        </h1>
        <div className="actions">
          <VersionPicker versions={assessment.versions} />
          <Link className="btn btn-primary" to={`${base}/meeting?row=${encodeURIComponent(r.id)}`}>
            Open in the meeting room
          </Link>
        </div>
      </div>
      <RowFacts r={r} workflowText={workflow ? `${workflow.id}: ${workflow.name}` : null} />
      <ScorePanel r={r} />
      <ErrorBanner error={cat.error} title="Catalogue" onRetry={cat.reload} />
      {threat ? <ThreatDetails threat={threat} rowNotes={r.notes} /> : null}

      <section aria-labelledby="mit-h">
        <h2 id="mit-h">Mitigation items</h2>
        {linked.length === 0 ? (
          <p className="muted">No mitigation item is linked to {r.id}.</p>
        ) : (
          <MitigationTable
            items={linked}
            label={`Mitigations of ${r.id}`}
            rowHref={(id) => `${base}/rows/${encodeURIComponent(id)}${q}`}
          />
        )}
      </section>

      <section aria-labelledby="rounds-h">
        <h2 id="rounds-h">Rounds {rounds.data ? `(${rounds.data.length})` : ""}</h2>
        <ErrorBanner error={rounds.error} onRetry={rounds.reload} />
        {rounds.loading && !rounds.data ? <Loading what="rounds" /> : null}
        {rounds.data?.length === 0 ? (
          <p className="muted">
            No round on {r.id} in {label}.
            {r.score?.carriedFrom ? (
              <>
                {" "}
                The score was carried from{" "}
                <Link
                  to={`${base}/rows/${encodeURIComponent(r.id)}?version=${encodeURIComponent(r.score.carriedFrom)}`}
                >
                  {r.score.carriedFrom}
                </Link>
                , where its rounds are.
              </>
            ) : null}
          </p>
        ) : null}
        {rounds.data?.map((x) => (
          <RoundCard key={x.id} round={x} />
        ))}
      </section>

      <section aria-labelledby="hist-h">
        <h2 id="hist-h">Settlement history</h2>
        <ErrorBanner error={settlements.error} onRetry={settlements.reload} />
        {settlements.data ? <SettlementHistory items={settlements.data} /> : null}
      </section>
    </article>
  );
}

function RowFacts({ r, workflowText }: { r: RowView; workflowText: string | null }) {
  return (
    <dl className="facts">
      <dt>Threat</dt>
      <dd>{r.threat.id}</dd>
      <dt>Workflow</dt>
      <dd>{workflowText ?? (r.workflow ? r.workflow.name : "generic (all workflows)")}</dd>
      {r.variant ? (
        <>
          <dt>Variant</dt>
          <dd>{r.variant}</dd>
        </>
      ) : null}
      {r.lineage ? (
        <>
          <dt>Lineage</dt>
          <dd>
            {r.lineage.kind === "split"
              ? `split from ${r.lineage.from}`
              : `merged from ${r.lineage.from.join(", ")}`}
            {r.lineage.reason ? ` — ${r.lineage.reason}` : ""}
          </dd>
        </>
      ) : null}
      {r.successors.length > 0 ? (
        <>
          <dt>Successors</dt>
          <dd>{r.successors.join(", ")}</dd>
        </>
      ) : null}
      {r.retiredReason ? (
        <>
          <dt>Retired because</dt>
          <dd>{r.retiredReason}</dd>
        </>
      ) : null}
    </dl>
  );
}

function ScorePanel({ r }: { r: RowView }) {
  const s = r.score;
  if (!s) {
    return (
      <section className="card score-panel is-unscored" aria-labelledby="score-h">
        <h2 id="score-h">Settled score</h2>
        <p>
          <strong>Unscored.</strong> No settlement yet
          {r.rounds.open ? "; a round is open" : ""}.
        </p>
      </section>
    );
  }
  return (
    <section className="card score-panel" aria-labelledby="score-h" data-testid="settled-score">
      <h2 id="score-h">Settled score</h2>
      <p className="score-big">
        <span>Likelihood {s.likelihood}</span> <span>Impact {s.impact}</span>{" "}
        <LevelBadge label={s.levelLabel} color={s.color} className="big" />
      </p>
      <dl className="facts">
        <dt>Rule</dt>
        <dd>{s.rule}</dd>
        <dt>Raw figures</dt>
        <dd>
          likelihood {s.raw.likelihood}, impact {s.raw.impact}
        </dd>
        <dt>Rounding</dt>
        <dd>{s.rounding}</dd>
        <dt>Reason</dt>
        <dd>{s.reason ?? "—"}</dd>
        <dt>Settled</dt>
        <dd>
          by {s.settledBy}, {formatDate(s.settledAt)}
        </dd>
        {s.carriedFrom ? (
          <>
            <dt>Carried from</dt>
            <dd>{s.carriedFrom}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

function ThreatDetails({ threat, rowNotes }: { threat: Threat; rowNotes: string }) {
  const text = (t: string) => (t.trim() ? t : "—");
  return (
    <section aria-labelledby="threat-h">
      <h2 id="threat-h">Threat {threat.id}</h2>
      <dl className="facts facts-wide">
        <dt>Description</dt>
        <dd>{text(threat.description)}</dd>
        <dt>Vulnerability</dt>
        <dd>{text(threat.vulnerability)}</dd>
        <dt>Assets</dt>
        <dd>{threat.assets.length ? threat.assets.join(", ") : "—"}</dd>
        <dt>Current mitigations</dt>
        <dd>{text(threat.currentMitigations)}</dd>
        <dt>Planned mitigations</dt>
        <dd>{text(threat.plannedMitigations)}</dd>
        <dt>Notes on the row</dt>
        <dd>{text(rowNotes)}</dd>
        {threat.notes.trim() ? (
          <>
            <dt>Notes on the threat</dt>
            <dd>{threat.notes}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
