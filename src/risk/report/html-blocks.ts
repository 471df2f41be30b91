/**
 * Building blocks of the HTML report. Text is escaped by default: a plain string passed anywhere
 * here is user data and goes through escapeHtml; only values wrapped by `raw()` are markup. That
 * keeps "forgot to escape" out of the section code, which never concatenates user text itself.
 */
import type { TableCell, TableContent } from "./report.tables.js";
import { escapeHtml, textColorOn } from "./text.js";

/** Markup that is already safe (built by these helpers). */
export interface Html {
  readonly html: string;
}
export type Content = string | number | null | undefined | Html | readonly Content[];

export const raw = (html: string): Html => ({ html });

/** Renders content: strings and numbers escaped, arrays joined, null/undefined as nothing. */
export function render(c: Content): string {
  if (c === null || c === undefined) return "";
  if (typeof c === "string") return escapeHtml(c);
  if (typeof c === "number") return String(c);
  if (Array.isArray(c)) return (c as readonly Content[]).map(render).join("");
  return (c as Html).html;
}

type Attrs = Record<string, string | number | boolean | null | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined && v !== null && v !== false)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escapeHtml(String(v))}"`))
    .join("");
}

/** An element with escaped attributes and content. */
export function el(tag: string, a: Attrs, ...children: Content[]): Html {
  return raw(`<${tag}${attrs(a)}>${render(children)}</${tag}>`);
}

/** A valid, stable id fragment for any catalogue id ("4e power" → "4e_20power"). */
export function idPart(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

/** The anchor of a row's entry in the "Risk rows" section. */
export const rowAnchor = (rowId: string): string => `row-${idPart(rowId)}`;

/** A row's id, linked to its entry when the report has one (rows of this version do). */
export const rowRef = (data: { rows: readonly { id: string }[] }, rowId: string): Content =>
  data.rows.some((r) => r.id === rowId) ? el("a", { href: `#${rowAnchor(rowId)}` }, rowId) : rowId;

/**
 * A table cell with options: coloured by a level (background, with black or white text,
 * whichever reads) and/or spanning several columns.
 */
export interface StyledCell {
  readonly color?: string | null | undefined;
  readonly colSpan?: number | undefined;
  readonly content: Content;
}
export type Cell = Content | StyledCell;

const isStyled = (c: Cell): c is StyledCell =>
  typeof c === "object" && c !== null && !Array.isArray(c) && "content" in c;

function td(c: Cell, className: string | undefined): string {
  if (!isStyled(c)) return el("td", { class: className }, c).html;
  const color = c.color ?? null;
  return el(
    "td",
    {
      class: color === null ? className : ["level", className].filter(Boolean).join(" "),
      colspan: c.colSpan !== undefined && c.colSpan > 1 ? c.colSpan : undefined,
      style: color === null ? undefined : `background-color:${color};color:${textColorOn(color)}`,
    },
    c.content,
  ).html;
}

export interface TableOptions {
  /** Right-aligned (numeric) columns, by index. */
  numeric?: readonly number[];
  /** Columns that must not wrap (dates), by index. */
  nowrap?: readonly number[];
  className?: string | undefined;
  /** Keep the caption for screen readers only, when a visible heading already says it. */
  hiddenCaption?: boolean;
}

/**
 * A data table with a caption and `th scope` on both axes: the first cell of every body row is a
 * row header (unless it is styled).
 */
export function table(
  caption: string,
  headers: readonly Content[],
  rows: readonly (readonly Cell[])[],
  opts: TableOptions = {},
): Html {
  const classOf = (i: number) =>
    [opts.numeric?.includes(i) ? "num" : "", opts.nowrap?.includes(i) ? "nowrap" : ""]
      .filter((x) => x !== "")
      .join(" ") || undefined;
  const head = el(
    "tr",
    {},
    headers.map((h) => el("th", { scope: "col" }, h)),
  );
  const body = rows.map(
    (r) =>
      `<tr>${r
        .map((c, i) =>
          i === 0 && !isStyled(c) ? el("th", { scope: "row" }, c).html : td(c, classOf(i)),
        )
        .join("")}</tr>`,
  );
  const cap = el("caption", { class: opts.hiddenCaption ? "visually-hidden" : undefined }, caption);
  return raw(
    `<table${attrs({ class: opts.className })}>\n${cap.html}\n` +
      `<thead>${head.html}</thead>\n<tbody>\n${body.join("\n")}\n</tbody>\n</table>\n`,
  );
}

/** A paragraph; empty text gives nothing. */
export const p = (...c: Content[]): Html =>
  render(c).trim() === "" ? raw("") : raw(`${el("p", {}, c).html}\n`);

/** A definition list of label → value pairs (values may be markup); empty values are dropped. */
export function facts(pairs: readonly (readonly [string, Content])[]): Html {
  const items = pairs.filter(([, v]) => render(v).trim() !== "");
  if (items.length === 0) return raw("");
  return raw(
    `<dl class="facts">\n${items
      .map(([k, v]) => `${el("dt", {}, k).html}${el("dd", {}, v).html}`)
      .join("\n")}\n</dl>\n`,
  );
}

/** Multi-line user text keeps its line breaks. */
export const multiline = (s: string): Html =>
  raw(
    s
      .split(/\r\n?|\n/)
      .map((l) => escapeHtml(l))
      .join("<br>"),
  );

/**
 * A neutral cell (report.tables.ts) in HTML: row ids link to their entry, emphasis is <strong>,
 * a second line is muted under the first, colours fill the cell; "nothing recorded" is a dash.
 */
export function htmlCell(data: { rows: readonly { id: string }[] }, c: TableCell): Cell {
  if (c === null) return "—";
  if (typeof c !== "object") return c;
  const text: Content =
    c.row === true ? rowRef(data, c.text) : c.strong === true ? el("strong", {}, c.text) : c.text;
  const content: Content =
    c.after === undefined && c.sub === undefined
      ? text
      : [
          text,
          c.after ?? null,
          c.sub === undefined ? null : [raw("<br>"), el("span", { class: "muted" }, c.sub)],
        ];
  return c.color === undefined || c.color === null ? content : { color: c.color, content };
}

/** A neutral table as an HTML table (see `table`). */
export function tableOf(
  data: { rows: readonly { id: string }[] },
  t: TableContent,
  opts: TableOptions = {},
): Html {
  return table(
    t.caption,
    t.headers,
    t.rows.map((r) => r.map((c) => htmlCell(data, c))),
    opts,
  );
}
