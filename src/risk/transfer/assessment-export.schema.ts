/**
 * The lossless JSON document of one assessment: its methodology, every version with its
 * catalogue, rounds, votes and whole settlement history. It is the unit of backup and of moving
 * an assessment between stores, so it carries no internal ids (versions, rounds, settlements,
 * users): references use version labels, row ids and round numbers, voters their names. Every
 * object is strict, so a hand-edited or truncated file is rejected naming the field instead of
 * importing something that is silently different.
 */
import { z } from "zod";
import {
  MethodologyDefinitionSchema,
  RiskLevelSchema,
  ScaleLevelSchema,
} from "../methodology/methodology.schema.js";
import {
  CONFIDENCES,
  EFFORTS,
  MITIGATION_KINDS,
  MITIGATION_STATUSES,
  VERSION_STATES,
} from "../model.js";
import { CatalogueId, Slug, VersionLabel } from "../risk.schema.js";
import { SETTLEMENT_RULES } from "../scoring/settlement.js";

export const EXPORT_FORMAT = "ttt-assessment";
export const EXPORT_FORMAT_VERSION = 1;

const Time = z.iso.datetime({ offset: true });
const Name = z.string().min(1).max(200);
const Text = z.string().max(100_000);
/** Account names (the accounts domain's rule): a voter who is not an account becomes one. */
const VoterName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "an account name: a-z, 0-9, . _ - (1–64)");
const Position = z.number().refine(Number.isFinite, "must be a finite number");
const Value = z.int();

/**
 * The stored definition, strict down to each scale step and level (the shared schema strips
 * unknown keys, which here would lose data without a word). Bounds are the methodology's own.
 */
const DefinitionSchema = MethodologyDefinitionSchema.extend({
  likelihood: z.array(ScaleLevelSchema.strict()).min(2).max(10),
  impact: z.array(ScaleLevelSchema.strict()).min(2).max(10),
  levels: z.array(RiskLevelSchema.strict()).min(1).max(10),
}).strict();

const AxisStatisticsSchema = z.strictObject({
  n: z.int().min(1),
  votes: z.array(z.number()),
  min: z.number(),
  max: z.number(),
  modes: z.array(z.number()),
  median: z.number(),
  mean: z.number(),
  q1: z.number(),
  q3: z.number(),
  iqr: z.number(),
  range: z.number(),
  withinOneOfMedian: z.number(),
  consensus: z.enum(["unanimous", "near", "split"]),
  delphiConsensus: z.boolean(),
});
const StatisticsSchema = z.strictObject({
  likelihood: AxisStatisticsSchema,
  impact: AxisStatisticsSchema,
});

const ThreatSchema = z.strictObject({
  id: CatalogueId,
  title: Name,
  description: Text,
  vulnerability: Text,
  assets: z.array(Name),
  currentMitigations: Text,
  plannedMitigations: Text,
  perWorkflow: z.boolean(),
  placeholder: z.boolean(),
  retired: z.boolean(),
  notes: Text,
  position: Position,
});

const WorkflowSchema = z.strictObject({
  id: CatalogueId,
  name: Name,
  description: Text,
  lifetime: Text,
  scopeBreadth: Text,
  refreshExchange: Text,
  holder: Text,
  retired: z.boolean(),
  position: Position,
});

const LineageSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("split"), from: CatalogueId, reason: Text }),
  z.strictObject({ kind: z.literal("merge"), from: z.array(CatalogueId), reason: Text }),
]);

const RowSchema = z.strictObject({
  id: CatalogueId,
  threatId: CatalogueId,
  workflowId: CatalogueId.nullable(),
  variant: Name.nullable(),
  notes: Text,
  status: z.enum(["active", "retired"]),
  lineage: LineageSchema.nullable(),
  successors: z.array(CatalogueId),
  retiredReason: Text.nullable(),
  position: Position,
});

const MitigationSchema = z.strictObject({
  id: CatalogueId,
  title: Name,
  description: Text,
  kind: z.enum(MITIGATION_KINDS),
  status: z.enum(MITIGATION_STATUSES),
  owner: Name.nullable(),
  dueDate: z.string().max(100).nullable(),
  effort: z.enum(EFFORTS),
  rows: z.array(CatalogueId),
});

const VoteSchema = z.strictObject({
  voter: VoterName,
  likelihood: Value,
  impact: Value,
  confidence: z.enum(CONFIDENCES).nullable(),
  note: Text.nullable(),
  castAt: Time,
  updatedAt: Time,
});

/** An open round travels without its votes: they are hidden until reveal, in exports too. */
const RoundSchema = z.strictObject({
  number: z.int().min(1),
  row: CatalogueId,
  state: z.enum(["open", "revealed"]),
  openedBy: Name,
  openedAt: Time,
  revealedBy: Name.nullable(),
  revealedAt: Time.nullable(),
  stats: StatisticsSchema.nullable(),
  votes: z.array(VoteSchema),
});

/** A round by what a person reads: the version it is in, its row and its number. */
const RoundRefSchema = z.strictObject({
  version: VersionLabel,
  row: CatalogueId,
  number: z.int().min(1),
});

/** Per row oldest first; a row's last settlement is its current score. */
const SettlementSchema = z.strictObject({
  row: CatalogueId,
  rule: z.enum(SETTLEMENT_RULES),
  likelihood: Value,
  impact: Value,
  level: Name,
  round: RoundRefSchema.nullable(),
  raw: z.strictObject({ likelihood: z.number(), impact: z.number() }),
  rounding: z.enum(["none", "half-up"]),
  stats: StatisticsSchema.nullable(),
  reason: Text.nullable(),
  settledBy: Name,
  settledAt: Time,
  carriedFrom: VersionLabel.nullable(),
});

const VersionSchema = z.strictObject({
  label: VersionLabel,
  state: z.enum(VERSION_STATES),
  parent: VersionLabel.nullable(),
  notes: Text,
  createdAt: Time,
  createdBy: Name,
  frozenAt: Time.nullable(),
  releasedAt: Time.nullable(),
  catalogue: z.strictObject({
    threats: z.array(ThreatSchema),
    workflows: z.array(WorkflowSchema),
    rows: z.array(RowSchema),
    mitigations: z.array(MitigationSchema),
  }),
  rounds: z.array(RoundSchema),
  settlements: z.array(SettlementSchema),
});

export const AssessmentExportSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  formatVersion: z.literal(EXPORT_FORMAT_VERSION),
  exportedAt: Time,
  assessment: z.strictObject({
    id: Slug,
    title: Name,
    description: Text,
    defaultRule: z.enum(SETTLEMENT_RULES),
    illustrative: z.boolean(),
    createdAt: Time,
    createdBy: Name,
  }),
  methodology: z.strictObject({
    id: Slug,
    name: Name,
    source: Name,
    createdAt: Time,
    definition: DefinitionSchema,
  }),
  versions: z.array(VersionSchema).min(1),
});

export type AssessmentExport = z.infer<typeof AssessmentExportSchema>;
export type VersionExport = AssessmentExport["versions"][number];
export type RoundExport = VersionExport["rounds"][number];
export type SettlementExport = VersionExport["settlements"][number];
