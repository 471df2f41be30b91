import { authorize, type Actor } from "../../accounts/index.js";
import { ConflictError, ValidationError } from "../../core/errors.js";
import type { TxRunner } from "../../store/index.js";
import { parseCisoRiskMatrix } from "../methodology/ciso-import.js";
import type { MethodologyService } from "../methodology/methodology.service.js";
import type { RiskDeps } from "../risk.context.js";
import type { RiskRepos } from "../risk.repos.js";
import {
  insertAssessmentExport,
  parseAssessmentExport,
  type TransferRepos,
} from "../transfer/index.js";
import { planCisoAssessment } from "./ciso-assessment-import.js";
import { decodeUtf8, readCsv } from "./csv-reader.js";
import { detectFormat } from "./detect-format.js";
import { applyPlan, planPreview, storedPreview } from "./import-apply.js";
import { createTarget, resolveTarget } from "./import-target.js";
import { ImportRejectedError, type ImportFormat, type ImportOutcome } from "./import.types.js";
import type { RawSheet } from "./sheet-model.js";
import { planSpreadsheet } from "./spreadsheet-import.js";
import { looksLikeZip, readXlsx } from "./xlsx-reader.js";

export interface ImportDeps extends RiskDeps {
  methodologies: MethodologyService;
  /** TTT exports carry voters: the risk repositories plus the account look-ups they need. */
  transferTx: TxRunner<TransferRepos>;
}

export interface ImportRequest {
  data: Buffer;
  /** Detected from the content when absent. */
  format?: ImportFormat | undefined;
  dryRun?: boolean | undefined;
  skipInvalid?: boolean | undefined;
  /** Fill this assessment's draft, or create it under this id; a new id otherwise. */
  assessment?: string | undefined;
  title?: string | undefined;
  methodology?: string | undefined;
  /** Names the file in messages and in the reason of imported scores. */
  fileName?: string | undefined;
}

const ZERO: ImportOutcome["counts"] = {
  threats: 0,
  workflows: 0,
  rows: 0,
  scores: 0,
  mitigations: 0,
  versions: 0,
  rounds: 0,
  votes: 0,
};

/** Names an upload that came without a file name. */
const EXTENSIONS: Record<ImportFormat, string> = {
  json: "json",
  xlsx: "xlsx",
  csv: "csv",
  "ciso-matrix": "yaml",
  "ciso-assessment": "csv",
};

const CISO_HINT = {
  message:
    "CISO Assistant scores are labels of its risk matrix: import the matrix first (format ciso-matrix) and name it with methodology=<id>",
};

/** Thrown at the end of a dry run's transaction: rolls everything back, carries the outcome. */
class DryRunRollback extends Error {
  constructor(readonly outcome: ImportOutcome) {
    super("dry run: rolled back");
  }
}

const ignored = (what: string, value: unknown, why: string): string[] =>
  value === undefined || value === false ? [] : [`${what} ignored: ${why}`];

/**
 * Imports a file: the group's spreadsheet (XLSX/CSV), a CISO Assistant risk assessment export
 * or risk matrix, or TTT's own JSON export. Each import runs in one write transaction, so a
 * refused or failing file writes nothing; a dry run runs the very same writes and rolls them
 * back, so its preview cannot differ from what a real import would do.
 */
export class ImportService {
  constructor(private readonly deps: ImportDeps) {}

  async import(actor: Actor, req: ImportRequest): Promise<ImportOutcome> {
    authorize(actor, "assessment:import");
    if (req.data.length === 0)
      throw new ValidationError("body: the file is empty", [{ path: "body", message: "empty" }]);
    const detected =
      req.format === undefined ? await detectFormat(req.data) : { format: req.format };
    const fileName = req.fileName ?? `upload.${EXTENSIONS[detected.format]}`;
    const r = {
      ...req,
      fileName,
      dryRun: req.dryRun ?? false,
      skipInvalid: req.skipInvalid ?? false,
    };
    switch (detected.format) {
      case "ciso-matrix":
        return this.matrix(actor, r);
      case "json":
        return this.json(actor, r);
      case "xlsx":
      case "csv":
      case "ciso-assessment":
        return this.sheets(actor, r, detected.format, detected.sheets ?? (await this.read(r)));
    }
  }

  /** A spreadsheet whose format was given rather than detected (so not yet read). */
  private async read(r: ImportRequest): Promise<RawSheet[]> {
    const csv = r.format === "csv" || (r.format === "ciso-assessment" && !looksLikeZip(r.data));
    return csv ? [readCsv(r.data)] : readXlsx(r.data);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Runs the work in one write transaction; a dry run throws at the end to roll it back. */
  private async run<R>(
    tx: TxRunner<R>,
    dryRun: boolean,
    work: (repos: R) => Promise<ImportOutcome>,
  ): Promise<ImportOutcome> {
    try {
      return await tx.write(async (repos) => {
        const outcome = await work(repos);
        if (dryRun) throw new DryRunRollback({ ...outcome, dryRun: true, applied: false });
        return outcome;
      });
    } catch (err) {
      if (err instanceof DryRunRollback) return err.outcome;
      throw err;
    }
  }

  private sheets(
    actor: Actor,
    r: ImportRequest & { fileName: string; dryRun: boolean; skipInvalid: boolean },
    format: "xlsx" | "csv" | "ciso-assessment",
    sheets: RawSheet[],
  ): Promise<ImportOutcome> {
    return this.run(this.deps.tx, r.dryRun, async (repos: RiskRepos) => {
      const at = this.now();
      const t = await resolveTarget(repos, r, actor, at);
      const versionLabel = t.kind === "existing" ? t.v.label : "v0.1";
      const existing =
        t.kind === "existing"
          ? await repos.catalogue.load(t.v.id)
          : { threats: [], workflows: [], rows: [] };
      const ctx = { methodology: t.methodology, existing, versionLabel };
      const result =
        format === "ciso-assessment"
          ? planCisoAssessment(sheets, ctx)
          : planSpreadsheet(sheets, ctx);
      // CISO Assistant scores are labels of its own matrix, which the default one rarely matches.
      const guessed = format === "ciso-assessment" && t.kind === "new" && t.defaulted;
      if (guessed && result.issues.length > 0) result.issues.push(CISO_HINT);
      if (result.issues.length > 0 && (result.fatal || !r.skipInvalid))
        throw new ImportRejectedError(r.fileName, result.issues);
      if (result.plan.rows.length === 0)
        throw new ImportRejectedError(r.fileName, [
          ...result.issues,
          {
            message:
              result.issues.length > 0
                ? "no valid rows left to import"
                : "the file has no rows to import",
          },
        ]);
      const v = t.kind === "existing" ? t.v : await createTarget(repos, t.a, actor, this.deps.ids);
      const { plan } = result;
      const { scores } = await applyPlan(repos, t.a, v, t.methodology, plan, {
        actor: actor.name,
        at,
        reason: `imported from ${r.fileName}`,
        ids: this.deps.ids,
      });
      const counts = {
        ...ZERO,
        threats: plan.threats.length,
        workflows: plan.workflows.length,
        rows: plan.rows.length,
        scores,
        versions: t.kind === "new" ? 1 : 0,
      };
      await repos.audit.append({
        at,
        actor: actor.name,
        action: "assessment.import",
        target: `assessment:${t.a.id}/${v.label}`,
        after: { format, file: r.fileName, counts, skipped: result.issues.length },
      });
      return {
        format,
        dryRun: false,
        applied: true,
        target: { kind: "assessment", id: t.a.id, version: v.label },
        counts,
        preview: planPreview(plan),
        skipped: result.issues,
        warnings: [
          ...(t.kind === "new"
            ? [`created assessment ${t.a.id} (methodology ${t.a.methodologyId})`]
            : []),
          ...(guessed
            ? [`scores read as labels of ${t.a.methodologyId}: no methodology given`]
            : []),
          ...plan.warnings,
        ],
      };
    });
  }

  private json(
    actor: Actor,
    r: ImportRequest & { fileName: string; dryRun: boolean; skipInvalid: boolean },
  ): Promise<ImportOutcome> {
    const doc = parseAssessmentExport(decodeUtf8(r.data).replace(/^\uFEFF/, ""));
    return this.run(this.deps.transferTx, r.dryRun, async (repos) => {
      const res = await insertAssessmentExport(repos, doc, {
        id: r.assessment,
        title: r.title,
        actor: actor.name,
        at: this.now(),
        ids: this.deps.ids,
      });
      const { version, preview } = await storedPreview(repos, res.assessment);
      return {
        format: "json",
        dryRun: false,
        applied: true,
        target: { kind: "assessment", id: res.assessment, version },
        counts: res.counts,
        preview,
        skipped: [],
        warnings: [
          ...ignored("methodology", r.methodology, "a TTT export carries its own methodology"),
          ...ignored("skip-invalid", r.skipInvalid, "a TTT export is imported whole or not at all"),
        ],
      };
    });
  }

  private async matrix(
    actor: Actor,
    r: ImportRequest & { fileName: string; dryRun: boolean; skipInvalid: boolean },
  ): Promise<ImportOutcome> {
    authorize(actor, "methodology:manage");
    const text = decodeUtf8(r.data).replace(/^\uFEFF/, "");
    const id = r.methodology === undefined ? {} : { id: r.methodology };
    let definition;
    try {
      definition = parseCisoRiskMatrix(text, id);
    } catch (err) {
      if (err instanceof ValidationError)
        throw new ImportRejectedError(
          r.fileName,
          err.issues.map((i) => ({ path: i.path, message: i.message })),
        );
      throw err;
    }
    const stored = await this.deps.tx.read(async (repos) => {
      const m = await repos.assessments.getMethodology(definition.id);
      return (
        m && {
          builtin: m.source === "builtin",
          inUse: await repos.assessments.methodologyInUse(m.id),
        }
      );
    });
    if (stored && (stored.builtin || stored.inUse))
      throw new ConflictError(
        stored.builtin ? "methodology_builtin" : "methodology_in_use",
        `methodology '${definition.id}' is ${stored.builtin ? "built in" : "used by an assessment"} and cannot be replaced; import under another id (methodology=<id>)`,
      );
    if (!r.dryRun)
      await this.deps.methodologies.import(actor, { format: "ciso", content: text, ...id });
    const labels = (axis: "likelihood" | "impact") =>
      definition[axis].map((l) => l.label).join(", ");
    return {
      format: "ciso-matrix",
      dryRun: r.dryRun,
      applied: !r.dryRun,
      target: { kind: "methodology", id: definition.id },
      counts: ZERO,
      preview: [],
      skipped: [],
      warnings: [
        ...(stored ? [`replaces the stored methodology ${definition.id}`] : []),
        `methodology ${definition.id} ("${definition.name}"): likelihood ${labels("likelihood")}; impact ${labels("impact")}; levels ${definition.levels.map((l) => l.label).join(", ")}`,
        ...ignored("assessment", r.assessment, "a risk matrix is a methodology"),
        ...ignored("title", r.title, "a risk matrix is a methodology"),
        ...ignored("skip-invalid", r.skipInvalid, "a risk matrix is imported whole or not at all"),
      ],
    };
  }
}
