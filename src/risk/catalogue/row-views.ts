import type { RiskRow, Version } from "../model.js";
import { presentScore, type ScoreView } from "../presenters.js";
import { requireMethodology } from "../risk.context.js";
import type { RiskRepos } from "../risk.repos.js";

/** A row as the API shows it: its place in the catalogue, lineage, settled score and rounds. */
export interface RowView {
  id: string;
  threat: { id: string; title: string; placeholder: boolean };
  workflow: { id: string; name: string } | null;
  variant: string | null;
  status: RiskRow["status"];
  notes: string;
  lineage: RiskRow["lineage"];
  successors: string[];
  retiredReason: string | null;
  score: ScoreView | null;
  rounds: {
    total: number;
    open: string | null;
    lastConsensus: { likelihood: string; impact: string } | null;
  };
}

/** The rows of one version. */
export interface RowsPage {
  assessment: string;
  version: { label: string; state: string };
  methodology: string;
  rows: RowView[];
}

/** Builds the row views of a version in one pass over its catalogue, scores and rounds. */
export async function buildRowViews(
  repos: RiskRepos,
  methodologyId: string,
  v: Version,
): Promise<RowView[]> {
  const m = await requireMethodology(repos, methodologyId);
  const cat = await repos.catalogue.load(v.id);
  const scores = new Map((await repos.voting.currentSettlements(v.id)).map((s) => [s.rowId, s]));
  const rounds = await repos.voting.roundsOfVersion(v.id);
  return cat.rows.map((r) => {
    const t = cat.threats.find((x) => x.id === r.threatId);
    const w = r.workflowId === null ? undefined : cat.workflows.find((x) => x.id === r.workflowId);
    const mine = rounds.filter((x) => x.rowId === r.id);
    const lastStats = mine.filter((x) => x.stats !== null).at(-1)?.stats;
    const s = scores.get(r.id);
    return {
      id: r.id,
      threat: {
        id: r.threatId,
        title: t?.title ?? r.threatId,
        placeholder: t?.placeholder ?? false,
      },
      workflow: w
        ? { id: w.id, name: w.name }
        : r.workflowId === null
          ? null
          : { id: r.workflowId, name: r.workflowId },
      variant: r.variant,
      status: r.status,
      notes: r.notes,
      lineage: r.lineage,
      successors: r.successors,
      retiredReason: r.retiredReason,
      score: s ? presentScore(s, m) : null,
      rounds: {
        total: mine.length,
        open: mine.find((x) => x.state === "open")?.id ?? null,
        lastConsensus: lastStats
          ? { likelihood: lastStats.likelihood.consensus, impact: lastStats.impact.consensus }
          : null,
      },
    };
  });
}
