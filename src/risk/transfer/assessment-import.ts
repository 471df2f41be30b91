import { isDeepStrictEqual } from "node:util";
import type { z } from "zod";
import { AccountsRepository } from "../../accounts/index.js";
import { ConflictError, ValidationError } from "../../core/errors.js";
import type { IdSource } from "../../core/ids.js";
import { formatIssuePath, isMissing } from "../../core/validation.js";
import type { Executor } from "../../store/index.js";
import {
  ImportRejectedError,
  type ImportIssue,
  type ImportOutcome,
} from "../import/import.types.js";
import { BUILTIN_METHODOLOGIES } from "../methodology/builtins.js";
import type { Round } from "../model.js";
import { riskRepos, type RiskRepos } from "../risk.repos.js";
import { Slug } from "../risk.schema.js";
import { AssessmentExportSchema, type AssessmentExport } from "./assessment-export.schema.js";
import { checkAssessmentExport } from "./assessment-import.checks.js";

const WHAT = "assessment export";

/**
 * The Assess repositories plus the two account look-ups an import needs: votes are stored under
 * a user id, and a voter who has no account here gets one, in the same transaction.
 */
export interface TransferRepos extends RiskRepos {
  accounts: Pick<AccountsRepository, "findUserByName" | "insertUser">;
}

/** For `txRunner(store, transferRepos)`: every repository over the one executor. */
export function transferRepos(db: Executor): TransferRepos {
  return { ...riskRepos(db), accounts: new AccountsRepository(db) };
}

/**
 * Untrusted text → a document that can be written without surprises. Everything wrong is
 * reported at once, each problem with its field path (`versions[1].rounds[3].votes[0].likelihood`),
 * so a hand-edited file can be fixed in one go; nothing is written by anyone on failure.
 */
export function parseAssessmentExport(text: string): AssessmentExport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ImportRejectedError(WHAT, [{ path: "(root)", message: `not valid JSON: ${why}` }]);
  }
  const parsed = AssessmentExportSchema.safeParse(raw);
  if (!parsed.success) throw new ImportRejectedError(WHAT, schemaIssues(parsed.error.issues));
  const issues = checkAssessmentExport(parsed.data);
  if (issues.length > 0) throw new ImportRejectedError(WHAT, issues);
  return parsed.data;
}

/** zod's issues with an unknown field named by its own path, not its parent's. */
function schemaIssues(issues: readonly z.core.$ZodIssue[]): ImportIssue[] {
  return issues.flatMap((i): ImportIssue[] =>
    i.code === "unrecognized_keys"
      ? i.keys.map((k) => ({ path: formatIssuePath([...i.path, k]), message: "unknown field" }))
      : [{ path: formatIssuePath(i.path), message: isMissing(i) ? "required" : i.message }],
  );
}

export interface InsertOptions {
  /** Import under this id instead of the document's (to keep both, or to copy). */
  id?: string | undefined;
  title?: string | undefined;
  /** Who imports: named in the audit entry; the document keeps who did the original work. */
  actor: string;
  at: string;
  ids: IdSource;
}

type Counts = ImportOutcome["counts"];

/**
 * Writes a parsed document as a new assessment through the repositories of the caller's write
 * transaction, so a failure part-way leaves nothing behind. Times and names of the original work
 * are kept; only internal ids are new. The methodology is created when the store lacks it and
 * reused when the stored one has the same definition; a different one under the same id is a
 * conflict, since every score depends on it. Voters are matched to accounts by name; a voter
 * without one gets a password-less account (it cannot log in), as the example data's voters do.
 * One audit entry, `assessment.import`, records it all. `scores` counts settlements, history included.
 */
export async function insertAssessmentExport(
  repos: TransferRepos,
  doc: AssessmentExport,
  opts: InsertOptions,
): Promise<{ assessment: string; counts: Counts }> {
  const id = opts.id ?? doc.assessment.id;
  if (!Slug.safeParse(id).success)
    throw new ValidationError(`'${id}' is not a valid assessment id`, [
      { path: "id", message: "lower-case letters, digits and - (1–64)" },
    ]);
  // A caller may hand in a document it built itself: the same checks as after parsing.
  const issues = checkAssessmentExport(doc);
  if (issues.length > 0) throw new ImportRejectedError(WHAT, issues);
  if (await repos.assessments.getAssessment(id))
    throw new ConflictError(
      "assessment_exists",
      `assessment '${id}' already exists; import under another id to keep both`,
    );
  const methodologyCreated = await ensureMethodology(repos, doc);

  await repos.assessments.insertAssessment({
    ...doc.assessment,
    id,
    title: opts.title ?? doc.assessment.title,
    methodologyId: doc.methodology.id,
  });
  const voters = new Voters(repos, opts);
  const counts = await insertVersions(repos, doc, id, opts.ids, voters);
  await repos.audit.append({
    at: opts.at,
    actor: opts.actor,
    action: "assessment.import",
    target: `assessment:${id}`,
    after: {
      title: opts.title ?? doc.assessment.title,
      from: { assessment: doc.assessment.id, exportedAt: doc.exportedAt },
      methodology: { id: doc.methodology.id, created: methodologyCreated },
      versions: doc.versions.map((v) => v.label),
      votersCreated: voters.created,
      counts,
    },
  });
  return { assessment: id, counts };
}

/** True when it had to be created. */
async function ensureMethodology(repos: RiskRepos, doc: AssessmentExport): Promise<boolean> {
  const m = doc.methodology;
  const stored = await repos.assessments.getMethodology(m.id);
  // A store that never started a server lacks the built-ins; the file must not stand in for one.
  const here = stored?.definition ?? BUILTIN_METHODOLOGIES.find((b) => b.id === m.id);
  if (here !== undefined && !isDeepStrictEqual(here, m.definition))
    throw new ConflictError(
      "methodology_conflict",
      `methodology '${m.id}' ${stored ? "exists here" : "is built in"} with a different definition; the scores in the file were given on the file's one — import that methodology under another id and change the file's methodology id to match`,
    );
  if (stored !== undefined) return false;
  await repos.assessments.upsertMethodology(m);
  return true;
}

async function insertVersions(
  repos: RiskRepos,
  doc: AssessmentExport,
  assessmentId: string,
  ids: IdSource,
  voters: Voters,
): Promise<Counts> {
  const counts: Counts = {
    threats: 0,
    workflows: 0,
    rows: 0,
    scores: 0,
    mitigations: 0,
    versions: 0,
    rounds: 0,
    votes: 0,
  };
  const versionIds = new Map<string, string>();
  /** `label#row#number` → the new round id, for settlements of this and later versions. */
  const roundIds = new Map<string, string>();
  for (const [i, v] of doc.versions.entries()) {
    const versionId = ids.id("ver");
    const { catalogue, rounds, settlements, parent, label, ...rest } = v;
    await repos.assessments.insertVersion({
      ...rest,
      id: versionId,
      assessmentId,
      label,
      seq: i + 1,
      parentId: parent === null ? null : (versionIds.get(parent) ?? null),
    });
    versionIds.set(label, versionId);
    await repos.catalogue.insertAll(versionId, catalogue);

    for (const { votes, row, ...r } of rounds) {
      const round: Round = { ...r, id: ids.id("rnd"), versionId, rowId: row };
      await repos.voting.insertRound(round);
      roundIds.set(`${label}#${row}#${r.number}`, round.id);
      for (const { voter, ...x } of votes) {
        await repos.voting.upsertVote({
          ...x,
          roundId: round.id,
          voter,
          userId: await voters.id(voter),
        });
      }
      counts.votes += votes.length;
    }
    // In document order: each row's last one is inserted last and so becomes its current score.
    for (const { row, round, ...s } of settlements) {
      const roundId =
        round === null ? null : roundIds.get(`${round.version}#${round.row}#${round.number}`);
      await repos.voting.insertSettlement(versionId, {
        ...s,
        id: ids.id("stl"),
        rowId: row,
        roundId: roundId ?? null,
      });
    }
    counts.versions += 1;
    counts.threats += catalogue.threats.length;
    counts.workflows += catalogue.workflows.length;
    counts.rows += catalogue.rows.length;
    counts.mitigations += catalogue.mitigations.length;
    counts.rounds += rounds.length;
    counts.scores += settlements.length;
  }
  return counts;
}

/** Voter name → user id, creating password-less accounts for names this store does not know. */
class Voters {
  private readonly known = new Map<string, string>();
  readonly created: string[] = [];

  constructor(
    private readonly repos: TransferRepos,
    private readonly opts: Pick<InsertOptions, "at" | "ids">,
  ) {}

  async id(name: string): Promise<string> {
    const cached = this.known.get(name);
    if (cached !== undefined) return cached;
    let user = await this.repos.accounts.findUserByName(name);
    if (user === undefined) {
      user = {
        id: this.opts.ids.id("usr"),
        name,
        role: "assessor",
        display_name: null,
        password_hash: null,
        disabled: 0,
        created_at: this.opts.at,
        external_iss: null,
        external_sub: null,
        site: null,
      };
      await this.repos.accounts.insertUser(user);
      this.created.push(name);
    }
    this.known.set(name, user.id);
    return user.id;
  }
}
