/**
 * The heatmap of a version as one standalone SVG: a cell per (likelihood, impact) pair coloured
 * by its level, with the number of rows and their ids ("users asked for counts per cell").
 *
 * Written by hand with only rect, text, line and g/translate, explicit fill attributes and no
 * CSS, because the same SVG goes inline into the HTML report and through svg-to-pdfkit into the
 * PDF, which supports little more. Text widths are estimated (no font metrics here), so long
 * id lists are wrapped and truncated conservatively. Deterministic: same data, same bytes.
 */
import type { HeatCell, ReportData } from "./report.data.js";
import { escapeXml, plural, textColorOn } from "./text.js";

export const HEATMAP_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";

const PAD = 6;
const ID_SIZE = 11;
const LINE = 13;
const MAX_ID_LINES = 6;
/** DejaVu Sans averages about 0.56 em per character in ids like "4e-power,"; round up. */
const CHAR_EM = 0.6;
const GRID_LINE = "#ffffff";
const INK = "#222222";

/** A number as an attribute: at most one decimal, no trailing ".0". */
const n = (x: number): string => String(Math.round(x * 10) / 10);

interface TextOpts {
  size?: number;
  bold?: boolean;
  anchor?: "start" | "middle" | "end";
  fill?: string;
}

function text(x: number, y: number, s: string, o: TextOpts = {}): string {
  const attrs = [
    `x="${n(x)}"`,
    `y="${n(y)}"`,
    `font-family="${HEATMAP_FONT}"`,
    `font-size="${o.size ?? ID_SIZE}"`,
    ...(o.bold ? [`font-weight="bold"`] : []),
    ...(o.anchor && o.anchor !== "start" ? [`text-anchor="${o.anchor}"`] : []),
    `fill="${escapeXml(o.fill ?? INK)}"`,
  ];
  return `<text ${attrs.join(" ")}>${escapeXml(s)}</text>`;
}

/** How many characters of `size` px fit in `width` px (at least one). */
const fits = (width: number, size: number): number =>
  Math.max(1, Math.floor(width / (CHAR_EM * size)));

/** Cuts a string to `max` characters, marking the cut with an ellipsis. */
const cut = (s: string, max: number): string =>
  s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;

/**
 * Greedy word wrap of `words` joined by `sep` into lines of at most `max` characters; when more
 * than `maxLines` lines would be needed, the last line says how many ids were left out.
 */
export function wrapList(words: readonly string[], max: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = "";
  let placed = 0;
  const counts: number[] = [];
  for (const w of words) {
    const word = cut(w, max);
    const candidate = current === "" ? word : `${current}, ${word}`;
    if (current !== "" && candidate.length + 1 > max) {
      lines.push(`${current},`);
      counts.push(placed);
      current = word;
    } else current = candidate;
    placed++;
  }
  if (current !== "") {
    lines.push(current);
    counts.push(placed);
  }
  if (lines.length <= maxLines) return lines;
  // Keep whole lines that leave room for the "+N more" line.
  const kept = lines
    .slice(0, maxLines - 1)
    .map((l, i, a) => (i === a.length - 1 ? l.replace(/,$/, "") : l));
  const shown = counts[maxLines - 2] ?? 0;
  return [...kept, cut(`+${words.length - shown} more`, max)];
}

/** Scale label of a value, or the bare value when the methodology has none. */
function labelOf(scale: readonly { value: number; label: string }[], v: number): string {
  return scale.find((s) => s.value === v)?.label ?? "";
}

/** The heatmap as an SVG document string (also valid inline in HTML). */
export function heatmapSvg(data: ReportData, opts: { width?: number } = {}): string {
  const m = data.methodology;
  const width = Math.max(360, opts.width ?? 720);
  const likelihoods = [...new Set(data.heatmap.map((c) => c.likelihood))];
  const impacts = [...new Set(data.heatmap.map((c) => c.impact))];
  const labelW = Math.round(width * 0.22);
  const top = 24;
  const cellW = (width - labelW - 8) / Math.max(1, impacts.length);
  // Shrink the ids (down to 8 px) rather than cut one: a cut id is a lost row.
  const longest = Math.max(1, ...data.heatmap.flatMap((c) => c.rows.map((r) => r.length + 1)));
  const idSize = Math.max(
    8,
    Math.min(ID_SIZE, Math.floor((cellW - 2 * PAD) / (CHAR_EM * longest))),
  );
  const idChars = fits(cellW - 2 * PAD, idSize);
  const lines = new Map(
    data.heatmap.map((c) => [key(c), wrapList(c.rows, idChars, MAX_ID_LINES)] as const),
  );
  const maxLines = Math.max(0, ...[...lines.values()].map((l) => l.length));
  const cellH = Math.max(56, 18 + PAD + maxLines * (idSize + 2) + PAD + 4);
  const gridH = cellH * likelihoods.length;
  const labelChars = fits(labelW - 2 * PAD - 16, ID_SIZE);
  const colChars = fits(cellW - 4, 10);

  const parts: string[] = [];
  parts.push(text(PAD, 16, "Likelihood", { bold: true, size: 12 }));
  likelihoods.forEach((l, row) => {
    const y = top + row * cellH;
    const words = wrapLabel(labelOf(m.likelihood, l), labelChars, 2);
    parts.push(
      `<g transform="translate(0,${n(y)})">`,
      text(PAD, 18, String(l), { bold: true, size: 14 }),
      ...words.map((w, i) => text(PAD + 16, 18 + i * LINE, w)),
      "</g>",
    );
  });
  for (const c of data.heatmap) {
    const row = likelihoods.indexOf(c.likelihood);
    const col = impacts.indexOf(c.impact);
    const at = { x: labelW + col * cellW, y: top + row * cellH, w: cellW, h: cellH };
    parts.push(cell(c, at, lines.get(key(c)) ?? [], idSize));
  }
  const bottom = top + gridH;
  parts.push(
    `<line x1="${n(labelW)}" y1="${n(bottom)}" x2="${n(width - 8)}" y2="${n(bottom)}" stroke="${INK}" stroke-width="1"/>`,
  );
  impacts.forEach((i, col) => {
    const x = labelW + col * cellW + cellW / 2;
    const words = wrapLabel(labelOf(m.impact, i), colChars, 2);
    parts.push(
      text(x, bottom + 16, String(i), { bold: true, size: 14, anchor: "middle" }),
      ...words.map((w, k) => text(x, bottom + 30 + k * 12, w, { size: 10, anchor: "middle" })),
    );
  });
  const axisY = bottom + 30 + 2 * 12 + 8;
  parts.push(
    text(labelW + (width - 8 - labelW) / 2, axisY, "Impact", {
      bold: true,
      size: 12,
      anchor: "middle",
    }),
  );
  const legendY = axisY + 14;
  parts.push(...legend(data, legendY, width));
  const height = legendY + 24;

  const title = `Heatmap of ${data.assessment.id} ${data.version.label}: rows by likelihood and impact`;
  const desc = data.heatmap
    .filter((c) => c.rows.length > 0)
    .map(
      (c) =>
        `Likelihood ${c.likelihood}, impact ${c.impact} (${c.levelLabel}): ${c.rows.join(", ")}.`,
    )
    .join(" ");
  return (
    [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${n(height)}" viewBox="0 0 ${width} ${n(height)}" role="img" aria-labelledby="heatmap-title heatmap-desc">`,
      `<title id="heatmap-title">${escapeXml(title)}</title>`,
      `<desc id="heatmap-desc">${escapeXml(desc === "" ? "No scored rows." : desc)}</desc>`,
      `<rect x="0" y="0" width="${width}" height="${n(height)}" fill="#ffffff"/>`,
      ...parts,
      "</svg>",
    ].join("\n") + "\n"
  );
}

const key = (c: { likelihood: number; impact: number }) => `${c.likelihood}:${c.impact}`;

/** Wraps a label on spaces into at most `maxLines` lines of `max` characters. */
function wrapLabel(label: string, max: number, maxLines: number): string[] {
  const out: string[] = [];
  for (const word of label.split(/\s+/).filter((w) => w !== "")) {
    const last = out.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= max)
      out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
  }
  if (out.length <= maxLines) return out.map((l) => cut(l, max));
  const kept = out.slice(0, maxLines);
  kept[maxLines - 1] = cut(`${kept[maxLines - 1] ?? ""} ${out.slice(maxLines).join(" ")}`, max);
  return kept.map((l) => cut(l, max));
}

/** One cell: its coloured square, the level (top right), the count and the row ids. */
function cell(
  c: HeatCell,
  at: { x: number; y: number; w: number; h: number },
  ids: string[],
  idSize: number,
): string {
  const ink = textColorOn(c.color);
  const { w, h } = at;
  const room = w - 2 * PAD - (c.rows.length === 0 ? 0 : 24);
  return [
    `<g id="heat-l${c.likelihood}-i${c.impact}" transform="translate(${n(at.x)},${n(at.y)})">`,
    `<rect x="0" y="0" width="${n(w)}" height="${n(h)}" fill="${escapeXml(c.color)}" stroke="${GRID_LINE}" stroke-width="2"/>`,
    text(w - PAD, 14, cut(c.levelLabel, fits(room, 9)), { size: 9, anchor: "end", fill: ink }),
    ...(c.rows.length === 0
      ? []
      : [
          text(PAD, 18, String(c.rows.length), { size: 16, bold: true, fill: ink }),
          ...ids.map((l, i) =>
            text(PAD, 18 + PAD + (i + 1) * (idSize + 2), l, { size: idSize, fill: ink }),
          ),
        ]),
    "</g>",
  ].join("\n");
}

/** Swatches of every level with its label and row count, in one line under the grid. */
function legend(data: ReportData, y: number, width: number): string[] {
  const counts = data.summary.countsByLevel;
  const step = (width - 2 * PAD) / Math.max(1, counts.length);
  return counts.map((c, i) => {
    const x = PAD + i * step;
    const full = `${c.label}: ${plural(c.count, "row")}`;
    const label =
      full.length <= fits(step - 22, ID_SIZE)
        ? full
        : cut(`${c.label}: ${c.count}`, fits(step - 22, ID_SIZE));
    return [
      `<g transform="translate(${n(x)},${n(y)})">`,
      `<rect x="0" y="0" width="14" height="14" fill="${escapeXml(c.color)}" stroke="${INK}" stroke-width="0.5"/>`,
      text(20, 11, label),
      "</g>",
    ].join("\n");
  });
}
