import { z } from "zod";
import { ValidationError, type FieldIssue } from "../../core/errors.js";
import { fieldIssues } from "../../core/validation.js";

/**
 * The options of `ttt gen-logs`, validated at the edge: commander hands over strings, zod turns
 * them into numbers and refuses what would make a meaningless or unbounded run. A failure is a
 * ValidationError naming the flag (`--sites`), so the CLI exits 2.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (m === null) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === s;
}

export const genLogsSchema = z.strictObject({
  out: z.string().min(1, "an output directory is required"),
  sites: z.coerce.number().int().min(1).max(50).default(3),
  days: z.coerce.number().int().min(1).max(366).default(2),
  users: z.coerce.number().int().min(1).max(1_000_000).default(100),
  seed: z.coerce.number().int().min(0).max(4_294_967_295).default(1),
  rate: z.coerce.number().positive().max(10_000).default(1),
  start: z.string().refine(isDate, "expected a date YYYY-MM-DD").default("2024-09-02"),
  compromise: z.boolean().default(false),
  gzip: z.boolean().default(false),
  force: z.boolean().default(false),
});

export type GenLogsInput = z.input<typeof genLogsSchema>;

export interface GenLogsOptions {
  out: string;
  sites: number;
  days: number;
  users: number;
  seed: number;
  rate: number;
  /** YYYY-MM-DD; the run starts at its 00:00 UTC. */
  start: string;
  startMs: number;
  compromise: boolean;
  gzip: boolean;
  /** Write into a directory that is not empty. */
  force: boolean;
}

const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Validates raw flag values; throws a ValidationError whose issues name the flags. */
export function parseGenLogsOptions(raw: Record<string, unknown>): GenLogsOptions {
  const result = genLogsSchema.safeParse(raw);
  if (!result.success) {
    const issues: FieldIssue[] = fieldIssues(result.error.issues).map((i) => ({
      path: i.path === "(root)" ? i.path : flag(i.path),
      message: i.message,
    }));
    const text = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    throw new ValidationError(`ttt gen-logs: ${text}`, issues);
  }
  const o = result.data;
  return { ...o, startMs: Date.parse(`${o.start}T00:00:00Z`) };
}
