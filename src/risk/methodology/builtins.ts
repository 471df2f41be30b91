/**
 * Methodologies shipped with TTT (see docs/risk-method.md, "Scales" and "Other built-ins").
 * They are defaults, not rules: a user can copy and change any of them, so they are plain data.
 */
import { gridFromProductBands } from "./grid.js";
import type { MethodologyDefinition, RiskLevel, ScaleLevel } from "./methodology.schema.js";

const GREEN = "#43a047";
const YELLOW = "#fdd835";
const ORANGE = "#fb8c00";
const RED = "#e53935";

type Band = readonly [from: number, to: number];

const PRODUCT_LEVELS = [
  { id: "low", label: "Low", color: GREEN },
  { id: "medium", label: "Medium", color: YELLOW },
  { id: "high", label: "High", color: ORANGE },
  { id: "extreme", label: "Extreme", color: RED },
] as const;

/** Low/Medium/High/Extreme by ranges of likelihood × impact, as both L×I built-ins define them. */
function productLevels(bands: readonly [Band, Band, Band, Band]): RiskLevel[] {
  return PRODUCT_LEVELS.map((level, i) => {
    const [from, to] = bands[i] ?? [0, 0];
    return { ...level, description: `Likelihood × impact from ${from} to ${to}.` };
  });
}

/** Grid from the same bands, so levels and grid cannot disagree. */
function productGrid(
  likelihood: ScaleLevel[],
  impact: ScaleLevel[],
  bands: readonly Band[],
): number[][] {
  return gridFromProductBands(
    likelihood,
    impact,
    bands.map(([, to]) => ({ max: to })),
  );
}

// --- TTT working group 5×5 ---------------------------------------------------------------------

const TTT_LIKELIHOOD: ScaleLevel[] = [
  { value: 1, label: "Unlikely to happen", description: "Not expected to happen at all." },
  {
    value: 2,
    label: "Less than once a year",
    description: "Could happen, but less often than once a year.",
  },
  {
    value: 3,
    label: "More than once a year",
    description: "Expected more than once a year, but not every few months.",
  },
  { value: 4, label: "Every few months", description: "Expected every few months." },
  { value: 5, label: "Monthly or more often", description: "Expected every month or more often." },
];

const TTT_IMPACT: ScaleLevel[] = [
  {
    value: 1,
    label: "Minimal",
    description: "Affects a single user; no disruption of any service.",
  },
  {
    value: 2,
    label: "Minor",
    description: "Local disruption (one service or site) that is resolved in under a week.",
  },
  {
    value: 3,
    label: "Serious",
    description: "Serious disruption for many users, or for one site, lasting more than a week.",
  },
  {
    value: 4,
    label: "Major",
    description:
      "Serious disruption to a community's ability to work, or a wide compromise of credentials or data.",
  },
  {
    value: 5,
    label: "Critical",
    description:
      "Infrastructure-wide: several communities affected and loss of trust in the infrastructure.",
  },
];

const TTT_BANDS = [
  [1, 4],
  [5, 9],
  [10, 14],
  [15, 25],
] as const;

const TTT_5X5: MethodologyDefinition = {
  id: "ttt-5x5",
  name: "TTT working group 5×5",
  description:
    "Likelihood and impact 1–5 as used by the WLCG Token Trust & Traceability working group " +
    "(likelihood follows the EGI scale with 5 = monthly); risk by likelihood × impact bands.",
  likelihood: TTT_LIKELIHOOD,
  impact: TTT_IMPACT,
  levels: productLevels(TTT_BANDS),
  grid: productGrid(TTT_LIKELIHOOD, TTT_IMPACT, TTT_BANDS),
};

// --- EGI service risk template 4×4 -------------------------------------------------------------

const EGI_LIKELIHOOD: ScaleLevel[] = [
  { value: 1, label: "Unlikely", description: "Not expected to happen." },
  {
    value: 2,
    label: "Less than once per year",
    description: "Could happen, but less often than once per year.",
  },
  {
    value: 3,
    label: "Every few months / more than once per year",
    description: "Expected more than once per year, up to every few months.",
  },
  {
    value: 4,
    label: "Every 2–3 months or more often",
    description: "Expected every two to three months or more often.",
  },
];

const EGI_IMPACT: ScaleLevel[] = [
  { value: 1, label: "Minimal", description: "Minimal impact on users and services." },
  {
    value: 2,
    label: "Minor",
    description: "Minor impact: local disruption lasting less than one week.",
  },
  {
    value: 3,
    label: "Serious",
    description: "Serious disruption for multiple users lasting more than one week.",
  },
  {
    value: 4,
    label: "Severe",
    description: "Serious disruption to the ability to deliver the service.",
  },
];

// No product of two values in 1..4 is 5, 10 or 11, so these bands leave no real gap.
const EGI_BANDS = [
  [1, 2],
  [3, 4],
  [6, 9],
  [12, 16],
] as const;

const EGI_4X4: MethodologyDefinition = {
  id: "egi-4x4",
  name: "EGI service risk template 4×4",
  description:
    "The EGI service risk assessment template: likelihood and impact 1–4, risk by " +
    "likelihood × impact (1–16).",
  likelihood: EGI_LIKELIHOOD,
  impact: EGI_IMPACT,
  levels: productLevels(EGI_BANDS),
  grid: productGrid(EGI_LIKELIHOOD, EGI_IMPACT, EGI_BANDS),
};

// --- ISO 27005 style 5×5 ------------------------------------------------------------------------

const VERY_LOW_TO_VERY_HIGH = ["Very low", "Low", "Medium", "High", "Very high"] as const;

const ISO_LIKELIHOOD: ScaleLevel[] = VERY_LOW_TO_VERY_HIGH.map((label, i) => ({
  value: i + 1,
  label,
  description: `The likelihood of the risk scenario is ${label.toLowerCase()}.`,
}));

const ISO_IMPACT: ScaleLevel[] = VERY_LOW_TO_VERY_HIGH.map((label, i) => ({
  value: i + 1,
  label,
  description: `The consequences for the organisation are ${label.toLowerCase()}.`,
}));

const ISO_COLORS = ["#66bb6a", "#c0ca33", YELLOW, ORANGE, RED] as const;

const ISO_27005_5X5: MethodologyDefinition = {
  id: "iso27005-5x5",
  name: "ISO 27005 style 5×5",
  description:
    "Five-level likelihood and impact with the non-multiplicative grid of ISO/IEC 27005 " +
    "Annex A, as shipped in CISO Assistant's library (grid[probability][impact]).",
  likelihood: ISO_LIKELIHOOD,
  impact: ISO_IMPACT,
  levels: VERY_LOW_TO_VERY_HIGH.map((label, i) => ({
    id: label.toLowerCase().replace(" ", "-"),
    label,
    color: ISO_COLORS[i] ?? RED,
    description: `${label} risk.`,
  })),
  grid: [
    [0, 0, 1, 1, 1],
    [0, 1, 1, 2, 2],
    [1, 1, 2, 3, 3],
    [1, 2, 3, 3, 4],
    [2, 3, 3, 4, 4],
  ],
};

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Frozen because the same objects are shared by every assessment and request: a caller that
 * wants to customise one must copy it (structuredClone) instead of silently changing the default.
 */
export const BUILTIN_METHODOLOGIES: readonly MethodologyDefinition[] = deepFreeze([
  TTT_5X5,
  EGI_4X4,
  ISO_27005_5X5,
]);

/** The default a new assessment starts from, as the working group scores. */
export const DEFAULT_METHODOLOGY_ID = "ttt-5x5";

/** Lookup by id; undefined (not an error) so callers can fall back to stored methodologies. */
export function builtinMethodology(id: string): MethodologyDefinition | undefined {
  return BUILTIN_METHODOLOGIES.find((m) => m.id === id);
}
