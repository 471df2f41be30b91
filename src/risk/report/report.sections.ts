/**
 * The sections of every report, in order, with the headings all formats use — so a reader
 * finds the same document in Markdown, HTML and PDF, and tests can check each one is there.
 */
export const REPORT_SECTIONS = [
  { id: "cover", title: "Cover" },
  { id: "summary", title: "Executive summary" },
  { id: "methodology", title: "Methodology" },
  { id: "meta-table", title: "Meta-table" },
  { id: "rows", title: "Risk rows" },
  { id: "mitigations", title: "Mitigation plan" },
  { id: "disagreements", title: "Disagreement appendix" },
  { id: "heatmap", title: "Heatmap" },
] as const;

export type ReportSectionId = (typeof REPORT_SECTIONS)[number]["id"];

/** "4a" → "4a (Token theft or leak / FTS, narrowly scoped long-lived tokens)" — a row's full name. */
export function rowTitle(r: {
  id: string;
  threat: { title: string };
  workflow: { name: string } | null;
  variant: string | null;
}): string {
  const parts = [r.threat.title, r.workflow?.name, r.variant ?? undefined].filter(
    (x): x is string => x !== undefined && x !== "",
  );
  return parts.join(" / ");
}
