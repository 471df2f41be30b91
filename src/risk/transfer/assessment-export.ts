import { NotFoundError } from "../../core/errors.js";
import type { Round, Settlement, Version, Vote } from "../model.js";
import type { Catalogue } from "../catalogue/catalogue.repository.js";
import type { RiskRepos } from "../risk.repos.js";
import type { SettlementRule } from "../scoring/settlement.js";
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  type AssessmentExport,
  type RoundExport,
  type SettlementExport,
  type VersionExport,
} from "./assessment-export.schema.js";

/**
 * The whole assessment as one self-contained document (see assessment-export.schema.ts).
 *
 * The caller hands in the repositories of one read transaction, so every version, round and
 * settlement comes from the same snapshot even while a meeting goes on. Internal ids are turned
 * into what a person reads (labels, row ids, round numbers, voter names), and everything is put
 * in an order that does not depend on ids, so exporting an imported copy gives the same document.
 *
 * The votes of a round that is still open are left out: they are hidden until reveal at every
 * layer, and an export is no exception.
 */
export async function exportAssessment(
  repos: RiskRepos,
  assessmentId: string,
  at: string,
): Promise<AssessmentExport> {
  const a = await repos.assessments.getAssessment(assessmentId);
  if (!a) throw new NotFoundError("assessment", assessmentId);
  const m = await repos.assessments.getMethodology(a.methodologyId);
  if (!m) throw new NotFoundError("methodology", a.methodologyId);
  const versions = await repos.assessments.listVersions(a.id);
  const labels = new Map(versions.map((v) => [v.id, v.label]));
  /** Round id → its readable reference, filled version by version (settlements look back). */
  const roundRefs = new Map<string, NonNullable<SettlementExport["round"]>>();

  const out: VersionExport[] = [];
  for (const v of versions) {
    const rounds = await repos.voting.roundsOfVersion(v.id);
    for (const r of rounds)
      roundRefs.set(r.id, { version: v.label, row: r.rowId, number: r.number });
    out.push(await exportVersion(repos, v, labels, rounds, roundRefs));
  }

  return {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    exportedAt: at,
    assessment: {
      id: a.id,
      title: a.title,
      description: a.description,
      defaultRule: a.defaultRule as SettlementRule,
      illustrative: a.illustrative,
      createdAt: a.createdAt,
      createdBy: a.createdBy,
    },
    methodology: {
      id: m.id,
      name: m.name,
      source: m.source,
      createdAt: m.createdAt,
      definition: m.definition,
    },
    versions: out,
  };
}

async function exportVersion(
  repos: RiskRepos,
  v: Version,
  labels: ReadonlyMap<string, string>,
  rounds: readonly Round[],
  roundRefs: ReadonlyMap<string, NonNullable<SettlementExport["round"]>>,
): Promise<VersionExport> {
  const catalogue = byCodePoint(await repos.catalogue.load(v.id));
  const rowIndex = new Map(catalogue.rows.map((r, i) => [r.id, i]));
  const at = (rowId: string) => rowIndex.get(rowId) ?? catalogue.rows.length;
  const ordered = [...rounds].sort(
    (x, y) => at(x.rowId) - at(y.rowId) || compare(x.rowId, y.rowId) || x.number - y.number,
  );
  const revealed = rounds.filter((r) => r.state === "revealed").map((r) => r.id);
  const votes = await repos.voting.votesOfRounds(revealed);

  // Settlements per row, each row's history oldest first (its current one last), rows in
  // catalogue order. The repositories offer no "all settlements of a version"; rows are few.
  const settlements: SettlementExport[] = [];
  for (const row of catalogue.rows) {
    for (const s of await repos.voting.settlementHistory(v.id, row.id)) {
      settlements.push(exportSettlement(s, roundRefs, v));
    }
  }

  return {
    label: v.label,
    state: v.state,
    parent: v.parentId === null ? null : (labels.get(v.parentId) ?? missing("version", v.parentId)),
    notes: v.notes,
    createdAt: v.createdAt,
    createdBy: v.createdBy,
    frozenAt: v.frozenAt,
    releasedAt: v.releasedAt,
    catalogue,
    rounds: ordered.map((r) => exportRound(r, votes)),
    settlements,
  };
}

function exportRound(r: Round, votes: readonly Vote[]): RoundExport {
  const own = votes
    .filter((x) => x.roundId === r.id)
    // By time, then by name: user ids differ between stores and must not decide the order.
    .sort((x, y) => compare(x.castAt, y.castAt) || compare(x.voter, y.voter));
  return {
    number: r.number,
    row: r.rowId,
    state: r.state,
    openedBy: r.openedBy,
    openedAt: r.openedAt,
    revealedBy: r.revealedBy,
    revealedAt: r.revealedAt,
    stats: r.stats,
    votes: own.map((x) => ({
      voter: x.voter,
      likelihood: x.likelihood,
      impact: x.impact,
      confidence: x.confidence,
      note: x.note,
      castAt: x.castAt,
      updatedAt: x.updatedAt,
    })),
  };
}

function exportSettlement(
  s: Settlement,
  roundRefs: ReadonlyMap<string, NonNullable<SettlementExport["round"]>>,
  v: Version,
): SettlementExport {
  const round =
    s.roundId === null
      ? null
      : (roundRefs.get(s.roundId) ?? missing(`round of a settlement in ${v.label}`, s.roundId));
  return {
    row: s.rowId,
    rule: s.rule as SettlementRule,
    likelihood: s.likelihood,
    impact: s.impact,
    level: s.level,
    round,
    raw: { likelihood: s.raw.likelihood, impact: s.raw.impact },
    rounding: s.rounding as SettlementExport["rounding"],
    stats: s.stats,
    reason: s.reason,
    settledBy: s.settledBy,
    settledAt: s.settledAt,
    carriedFrom: s.carriedFrom,
  };
}

/** A dangling internal reference: the store is inconsistent, and a lossless export cannot hide it. */
function missing(what: string, id: string): never {
  throw new NotFoundError(what, id);
}

/**
 * The database orders by id with its own collation (SQLite: bytes, PostgreSQL: the locale), so
 * the same assessment would come out in a different order from each; code points decide here.
 */
function byCodePoint(c: Catalogue): Catalogue {
  const byPosition = <T extends { id: string; position: number }>(xs: T[]) =>
    [...xs].sort((x, y) => x.position - y.position || compare(x.id, y.id));
  return {
    threats: byPosition(c.threats),
    workflows: byPosition(c.workflows),
    rows: byPosition(c.rows),
    mitigations: [...c.mitigations].sort((x, y) => compare(x.id, y.id)),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
