import { z } from "zod";
import { CONFIDENCES, EFFORTS, MITIGATION_KINDS, MITIGATION_STATUSES } from "./model.js";
import { SETTLEMENT_RULES } from "./scoring/settlement.js";

/** zod schemas of the Assess HTTP API (and the CLI, which sends the same bodies). */
export const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "lower-case letters, digits and - (1–64)");
export const CatalogueId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, "letters, digits, . _ + - (1–64)");
export const VersionLabel = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, "letters, digits, . _ - (1–32), e.g. v1.0");
const Text = (max = 10_000) => z.string().max(max);
const ScaleValue = z.number().int("must be a whole number").min(0).max(100);

export const MethodologyParams = z.strictObject({ id: Slug });
export const AssessmentParams = z.strictObject({ a: Slug });
export const VersionParams = z.strictObject({ a: Slug, v: VersionLabel });
export const RowParams = z.strictObject({ a: Slug, row: CatalogueId });
export const ItemParams = z.strictObject({ a: Slug, id: CatalogueId });
export const RoundParams = z.strictObject({ round: z.string().min(1).max(100) });
export const VersionQuery = z.strictObject({ version: VersionLabel.optional() });
export const RowsQuery = z.strictObject({
  version: VersionLabel.optional(),
  all: z.stringbool().optional(),
});
export const DiffQuery = z.strictObject({ from: VersionLabel, to: VersionLabel });

export const CreateAssessmentBody = z.strictObject({
  id: Slug,
  title: z.string().min(1).max(200),
  description: Text().optional(),
  methodology: Slug,
  defaultRule: z.enum(SETTLEMENT_RULES).default("highest-mode"),
  firstVersion: VersionLabel.optional(),
});
export const CreateVersionBody = z.strictObject({
  label: VersionLabel,
  from: VersionLabel.optional(),
  notes: Text().optional(),
});
export const ImportMethodologyBody = z.strictObject({
  format: z.enum(["ttt", "ciso"]),
  content: z.union([z.string().min(1).max(1_000_000), z.record(z.string(), z.unknown())]),
  id: Slug.optional(),
});

export const ThreatBody = z.strictObject({
  title: z.string().min(1).max(200),
  description: Text().optional(),
  vulnerability: Text().optional(),
  assets: z.array(z.string().min(1).max(200)).max(50).optional(),
  currentMitigations: Text().optional(),
  plannedMitigations: Text().optional(),
  perWorkflow: z.boolean().optional(),
  placeholder: z.boolean().optional(),
  retired: z.boolean().optional(),
  notes: Text().optional(),
  position: z.number().int().optional(),
});
export const WorkflowBody = z.strictObject({
  name: z.string().min(1).max(200),
  description: Text().optional(),
  lifetime: Text(200).optional(),
  scopeBreadth: Text(200).optional(),
  refreshExchange: Text(200).optional(),
  holder: Text(200).optional(),
  retired: z.boolean().optional(),
  position: z.number().int().optional(),
});

export const AddRowBody = z.strictObject({
  id: CatalogueId.optional(),
  threat: CatalogueId,
  workflow: CatalogueId.optional(),
  variant: z.string().min(1).max(100).optional(),
  notes: Text().optional(),
});
const Reason = z.string().trim().min(1, "required").max(2000);
export const SplitBody = z.strictObject({
  into: z
    .array(
      z.strictObject({
        id: CatalogueId.optional(),
        variant: z.string().min(1).max(100),
        notes: Text().optional(),
      }),
    )
    .min(2, "at least two rows")
    .max(20),
  reason: Reason,
});
export const MergeBody = z.strictObject({
  rows: z.array(CatalogueId).min(2, "at least two rows").max(20),
  into: z.strictObject({
    id: CatalogueId,
    threat: CatalogueId.optional(),
    workflow: CatalogueId.optional(),
    variant: z.string().min(1).max(100).optional(),
    notes: Text().optional(),
  }),
  reason: Reason,
});
export const RetireBody = z.strictObject({ reason: Reason });

export const VoteBody = z.strictObject({
  likelihood: ScaleValue,
  impact: ScaleValue,
  confidence: z.enum(CONFIDENCES).optional(),
  note: z.string().max(2000).optional(),
});
export const SettleBody = z.strictObject({
  rule: z.enum(SETTLEMENT_RULES).optional(),
  likelihood: ScaleValue.optional(),
  impact: ScaleValue.optional(),
  reason: z.string().max(2000).optional(),
});

const IsoDate = z.iso.date("a date as YYYY-MM-DD");
export const MitigationBody = z.strictObject({
  title: z.string().min(1).max(200),
  description: Text().optional(),
  kind: z.enum(MITIGATION_KINDS),
  status: z.enum(MITIGATION_STATUSES).optional(),
  owner: z.string().min(1).max(200).nullable().optional(),
  dueDate: IsoDate.nullable().optional(),
  effort: z.enum(EFFORTS).optional(),
  rows: z.array(CatalogueId).max(200).optional(),
});
