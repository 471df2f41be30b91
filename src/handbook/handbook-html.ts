import { BAN_KINDS } from "../bans/index.js";
import { escapeHtml } from "../render/html.js";
import { HANDBOOK_CSS } from "./handbook-html-style.js";
import type { Handbook, HandbookPage, Hop, PlaybookStep } from "./handbook.model.js";
import {
  assessmentLine,
  codeParts,
  commandsOf,
  handbookTitle,
  LEGEND,
  MARK,
  NO_BAN_FILE,
  NO_ROWS,
  NO_WORKFLOWS,
  pct,
  propertyRows,
  scoreCells,
  traceabilityCounts,
  traceabilityLine,
  TRACEABLE_LABEL,
  viaOf,
  workflowTitle,
} from "./handbook-text.js";

/**
 * The handbook as one standalone HTML5 file (inline stylesheet, no scripts, nothing fetched) to
 * mail, archive or print from any browser: the same content as the Markdown, in the same order,
 * with the traceability as a labelled bar and each hop's traceability as a worded badge. All
 * text is escaped here: workflow names, threat titles and notes are edited by people. Pure.
 */
export function renderHandbookHtml(h: Handbook): string {
  const title = handbookTitle(h);
  const line = assessmentLine(h);
  const head = [
    el("h1", { id: "top" }, esc(title)),
    line === null ? "" : el("p", {}, esc(line)),
    h.note === null ? "" : el("p", { class: "note", role: "note" }, esc(h.note)),
    h.pages.length === 0 ? el("p", {}, esc(NO_WORKFLOWS)) : contents(h.pages),
  ];
  return [
    "<!doctype html>",
    `<html lang="en">`,
    "<head>",
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="ttt">`,
    `<title>${esc(title)}</title>`,
    `<style>\n${HANDBOOK_CSS}\n</style>`,
    "</head>",
    "<body>",
    "<main>",
    el("header", {}, head.join("\n")),
    ...h.pages.map(page),
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** Text for element content or a quoted attribute: the shared escape (render/html.ts). */
export const esc = escapeHtml;

/** An element; `inner` is markup already escaped, attribute values are escaped here. */
function el(tag: string, attrs: Record<string, string | undefined>, inner: string): string {
  const a = Object.entries(attrs)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${esc(v)}"`)
    .join("");
  return `<${tag}${a}>${inner}</${tag}>`;
}

/** A stable, valid id for any workflow id ("b 2" → "workflow-b_202"). */
export const anchor = (workflowId: string): string =>
  `workflow-${workflowId.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;

/** Text whose `code spans` become <code> (playbook details name commands that way). */
const withCode = (text: string): string =>
  codeParts(text)
    .map((part, i) => (i % 2 === 1 ? el("code", {}, esc(part)) : esc(part)))
    .join("");

function contents(pages: readonly HandbookPage[]): string {
  const items = pages.map((p) =>
    el("li", {}, el("a", { href: `#${anchor(p.workflow.id)}` }, esc(workflowTitle(p)))),
  );
  return el(
    "nav",
    { class: "contents", "aria-label": "Workflows" },
    `${el("h2", {}, "Workflows")}\n${el("ol", {}, items.join(""))}`,
  );
}

/** A data table: caption, column headers, and the first cell of each row as its row header. */
function table(caption: string, headers: readonly string[], rows: readonly string[][]): string {
  const head = el("tr", {}, headers.map((x) => el("th", { scope: "col" }, esc(x))).join(""));
  const body = rows.map((cells) =>
    el("tr", {}, cells.map((c, i) => (i === 0 ? el("th", { scope: "row" }, c) : c)).join("")),
  );
  return [
    "<table>",
    el("caption", {}, esc(caption)),
    el("thead", {}, head),
    el("tbody", {}, `\n${body.join("\n")}\n`),
    "</table>",
  ].join("\n");
}

const td = (inner: string, cls?: string): string => el("td", { class: cls }, inner);

function page(p: HandbookPage): string {
  const id = anchor(p.workflow.id);
  const w = p.workflow;
  const props = propertyRows(p).map(([k, v]) =>
    el("tr", {}, el("th", { scope: "row" }, esc(k)) + td(esc(v))),
  );
  const parts = [
    el("h2", { id: `${id}-title` }, esc(workflowTitle(p))),
    w.description === "" ? "" : el("p", {}, esc(w.description)),
    el(
      "table",
      { class: "props" },
      `${el("caption", {}, esc(`Token properties of workflow ${w.id}`))}\n${el("tbody", {}, props.join("\n"))}`,
    ),
    el("h3", {}, "Hops"),
    table(
      `Hops of workflow ${w.id}: what each logs and which ban kinds it enforces`,
      ["component", "role", "traceable", "logs", ...BAN_KINDS],
      p.hops.map(hopRow),
    ),
    el("p", { class: "legend" }, esc(LEGEND)),
    traceability(p),
    el("h3", {}, "Risk rows"),
    p.rows.length === 0
      ? el("p", {}, esc(NO_ROWS))
      : table(
          `Active risk rows of workflow ${w.id}, highest score first`,
          ["threat", "variant", "level", "L", "I"],
          p.rows.map((r) => {
            const [level, l, i] = scoreCells(r.score);
            return [esc(r.threat), td(esc(r.variant ?? "–")), td(esc(level)), num(l), num(i)];
          }),
        ),
    el("h3", {}, "Playbook"),
    el("ol", { class: "playbook" }, p.playbook.map(step).join("\n")),
    el("p", {}, el("a", { href: "#top" }, "Back to the top")),
  ];
  return el(
    "section",
    { id, class: "workflow", "aria-labelledby": `${id}-title` },
    `\n${parts.filter((x) => x !== "").join("\n")}\n`,
  );
}

const num = (s: string): string => td(esc(s), "num");

function hopRow(hop: Hop): string[] {
  const badge = el(
    "span",
    { class: `badge badge-${hop.traceable}` },
    esc(TRACEABLE_LABEL[hop.traceable]),
  );
  const v = viaOf(hop);
  const via = v === null ? "" : el("span", { class: "via" }, esc(`via ${v}`));
  const bans = BAN_KINDS.map((k) => {
    const s = hop.bans?.[k];
    if (s === undefined) return td(esc(NO_BAN_FILE), "ban");
    return el(
      "td",
      { class: `ban ban-${s.level}`, title: s.note },
      esc(`${MARK[s.level]} ${s.level}`),
    );
  });
  return [esc(hop.component), td(esc(hop.role)), td(badge + via), td(esc(hop.logs)), ...bans];
}

function traceability(p: HandbookPage): string {
  const t = p.traceability;
  const n = traceabilityCounts(p);
  const share = (k: "jti" | "subject" | "none", label: string) => ({
    k,
    label,
    share: t[k],
    n: n[k],
  });
  const shares = [
    share("jti", "by jti"),
    share("subject", "by subject only"),
    share("none", "not at all"),
  ];
  const bar = shares
    .filter((s) => s.share > 0)
    .map((s) => el("span", { class: `seg-${s.k}`, style: `width:${pct(s.share)}` }, ""))
    .join("");
  const legend = shares.map((s) =>
    el(
      "li",
      {},
      el("span", { class: `swatch seg-${s.k}`, "aria-hidden": "true" }, "") +
        esc(`${s.label}: ${s.n} hop${s.n === 1 ? "" : "s"} (${pct(s.share)})`),
    ),
  );
  return el(
    "div",
    { class: "traceability" },
    [
      el("h3", {}, "Traceability"),
      el("p", {}, esc(traceabilityLine(t))),
      el("div", { class: "bar", role: "img", "aria-label": `Traceability: ${t.summary}` }, bar),
      el("ul", { class: "shares" }, legend.join("")),
    ].join("\n"),
  );
}

function step(s: PlaybookStep): string {
  const cmds = commandsOf(s).map((c) => el("code", {}, esc(c)));
  return el(
    "li",
    {},
    el("strong", {}, `${esc(s.action)}.`) +
      ` ${withCode(s.detail)}` +
      (cmds.length === 0 ? "" : el("p", { class: "cmds" }, cmds.join(", then "))),
  );
}
