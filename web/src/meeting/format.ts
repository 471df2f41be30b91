import type { RoomState } from "./protocol.js";

/** The settlement rules an assessment or a row may use, with the words the room shows. */
export const RULES = [
  { id: "median", label: "Median" },
  { id: "mean", label: "Mean, rounded half up" },
  { id: "upper-median", label: "Upper median" },
  { id: "highest-mode", label: "Highest mode (aim high on split votes)" },
  { id: "max", label: "Maximum" },
  { id: "facilitator", label: "Facilitator decision" },
] as const;
export type RuleId = (typeof RULES)[number]["id"];

export function ruleLabel(rule: string): string {
  return RULES.find((r) => r.id === rule)?.label ?? rule;
}

export function isRule(value: string): value is RuleId {
  return RULES.some((r) => r.id === value);
}

/** "L4 I3 High": how a settled score reads everywhere in the room and the heatmap. */
export function scoreText(s: { likelihood: number; impact: number; levelLabel: string }): string {
  return `L${s.likelihood} I${s.impact} ${s.levelLabel}`;
}

/** Black or white, whichever reads better on a #rrggbb background (the app's own helper). */
export { readableText as textOn } from "../components/color.js";

/** Whole numbers stay whole, fractions get at most two decimals. */
export function num(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0$/, "");
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export type Participant = RoomState["participants"][number];

/**
 * Who is expected to vote. The protocol does not say per participant whether they may vote,
 * so this follows the role model: spectators and viewers watch, everyone else votes.
 */
export function isVoter(p: Participant): boolean {
  return !p.spectator && p.role !== "viewer";
}

/** mm:ss for a countdown. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}
