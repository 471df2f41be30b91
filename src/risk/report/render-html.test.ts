// The HTML report and the SVG heatmap of the example assessment: self-contained, structured,
// escaped, and with a heatmap cell per (likelihood, impact) pair holding the right rows.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { heatmapSvg, wrapList } from "./heatmap-svg.js";
import type { ReportData } from "./report.data.js";
import { exampleReportData, retitleThreat } from "../../test-support/report-fixture.js";
import { REPORT_SECTIONS } from "./report.sections.js";
import { renderHtml } from "./render-html.js";
import { textColorOn } from "./text.js";

const VOID = new Set(["meta", "br", "link", "img", "hr", "input", "col", "wbr"]);

/**
 * Checks tags are balanced and properly nested ("well-formed enough" without an HTML parser);
 * in SVG every element must be closed or self-closing, in HTML the void elements need not be.
 */
function assertBalanced(markup: string, html: boolean): void {
  const stack: string[] = [];
  const body = markup.replace(/<!DOCTYPE[^>]*>/i, "");
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*?)(\/?)>/g)) {
    const [, closing, name = "", , selfClosing] = m;
    const tag = name.toLowerCase();
    if (selfClosing === "/" || (html && VOID.has(tag))) continue;
    if (closing === "") stack.push(tag);
    else assert.equal(stack.pop(), tag, `</${tag}> closes <${stack.at(-1) ?? "nothing"}>`);
  }
  assert.deepEqual(stack, [], "unclosed elements");
}

/** The cells of the heatmap SVG: id → inner markup. */
function svgCells(svg: string): Map<string, string> {
  const cells = new Map<string, string>();
  for (const m of svg.matchAll(/<g id="heat-l(\d+)-i(\d+)"[^>]*>([\s\S]*?)<\/g>/g)) {
    cells.set(`${m[1]}:${m[2]}`, m[3] ?? "");
  }
  return cells;
}

/** The text of a cell's row-id lines, split back into ids. */
const idsIn = (inner: string): string[] =>
  [...inner.matchAll(/<text [^>]*>([^<]*)<\/text>/g)]
    .map((m) => m[1] ?? "")
    .join(" ")
    .split(/[\s,]+/)
    .filter((s) => s !== "");

describe("renderHtml", () => {
  it("is one self-contained HTML5 document with every section, in order", async () => {
    const html = renderHtml(await exampleReportData("v1.0"));
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en">'));
    assert.match(html, /<meta charset="utf-8">/);
    assert.match(html, /<title>WLCG token workflows — .* — v1\.0 risk report<\/title>/);
    const ids = [...html.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(
      ids,
      REPORT_SECTIONS.map((s) => s.id),
    );
    assert.equal(html.match(/<h1[ >]/g)?.length, 1);
    const h2 = [...html.matchAll(/<h2 id="([^"]+)-title">([^<]+)<\/h2>/g)].map((m) => m[2]);
    assert.deepEqual(
      h2,
      REPORT_SECTIONS.filter((s) => s.id !== "cover").map((s) => s.title),
    );
    assert.equal(html.match(/<svg[ >]/g)?.length, 1, "one inline SVG");
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<link|<img|<iframe|@import|url\(|\bsrc=/i);
    // The only URL is the SVG namespace name, which is an identifier, not a fetch.
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]*/g)].map((m) => m[0]);
    assert.deepEqual([...new Set(urls)], ["http://www.w3.org/2000/svg"]);
    assert.equal(html.match(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g)?.length, urls.length);
    assertBalanced(html, true);
  });

  it("is accessible and printable: captions, th scope, page breaks, printed colours", async () => {
    const html = renderHtml(await exampleReportData("v0.9"));
    const tables = html.match(/<table[ >]/g)?.length ?? 0;
    assert.ok(tables > 10);
    assert.equal(
      html.match(/<table[^>]*>\n<caption/g)?.length,
      tables,
      "every table has a caption",
    );
    assert.doesNotMatch(html, /<th>/, "every th has a scope");
    assert.match(html, /<th scope="col">/);
    assert.match(html, /<th scope="row">/);
    assert.match(html, /@media print \{[\s\S]*section\.report-section \{ break-before: page; \}/);
    assert.match(html, /print-color-adjust: exact/);
    assert.match(
      html,
      /<p class="notice" role="note">Illustrative example data, not the group&#39;s results\.<\/p>/,
    );
  });

  it("colours level cells with readable text and lists the report's facts", async () => {
    const html = renderHtml(await exampleReportData("v1.0"));
    assert.match(
      html,
      /<td class="level" style="background-color:#fb8c00;color:#000000">L3 I4 High<\/td>/,
    );
    assert.match(
      html,
      /<strong>Counts per level: <\/strong>Low 1 · Medium 15 · High 7 · Extreme 0/,
    );
    assert.match(
      html,
      /<li><strong>Rows split: <\/strong>4e → 4e-ordinary, 4e-power; 4f → 4f-ordinary, 4f-power<\/li>/,
    );
    assert.match(html, /1 of 6 revealed rounds was split/);
    // The generic TR-1 row spans every workflow column of the meta-table.
    assert.match(
      html,
      /<td class="level" colspan="6" style="[^"]+"><strong><a href="#row-TR-1">TR-1<\/a><\/strong> 3×3 Medium<\/td>/,
    );
    assert.match(html, /<article class="row" id="row-4e-power">/);
    assert.equal(textColorOn("#000000"), "#ffffff");
    assert.equal(textColorOn("#ffffff"), "#000000");
    assert.equal(textColorOn("#fdd835"), "#000000");
    assert.equal(textColorOn("#1565c0"), "#ffffff");
  });

  it("escapes every piece of text, in the page and in the SVG", async () => {
    const data = await exampleReportData("v1.0");
    retitleThreat(data, "TR-4", `<script>alert("x")</script>&"`);
    const first = data.methodology.likelihood[0];
    assert.ok(first !== undefined);
    first.label = `Rare <i>&</i> "odd"`;
    data.assessment.title = "A & B <b>";
    const html = renderHtml(data);
    assert.doesNotMatch(html, /<script|<i>|<b>/);
    assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&quot;"));
    assert.ok(html.includes("<title>A &amp; B &lt;b&gt; — v1.0 risk report</title>"));
    const cell = data.heatmap.find((c) => c.rows.length > 0);
    assert.ok(cell !== undefined);
    cell.rows.push(`x<y&"z`);
    const svg = heatmapSvg(data);
    assert.ok(svg.includes("Rare &lt;i&gt;&amp;&lt;/i&gt; &quot;odd&quot;"));
    assert.ok(svg.includes("x&lt;y&amp;&quot;z"));
    assert.doesNotMatch(svg, /<i>|x<y/);
    assertBalanced(svg, false);
    assertBalanced(html, true);
  });

  it("never shows the votes of an open round", async () => {
    const data = await exampleReportData("v1.0");
    const row = data.rows.find((r) => r.id === "4f-power");
    const round = row?.rounds[0];
    const vote = round?.votes[0];
    assert.ok(row && round && vote);
    row.rounds.push({
      ...round,
      number: 2,
      state: "open",
      revealedAt: null,
      stats: null,
      votes: [{ ...vote, voter: "secret-voter", note: "SECRET-NOTE" }],
    });
    const html = renderHtml(data);
    assert.doesNotMatch(html, /secret-voter|SECRET-NOTE/);
    assert.match(html, /Round 2 — opened by wg-facilitator on 2026-03-02, still open/);
  });
});

describe("heatmapSvg", () => {
  const check = (data: ReportData) => {
    const svg = heatmapSvg(data);
    assert.match(
      svg,
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="720" height="\d+(\.\d)?" viewBox="0 0 720 \d+(\.\d)?"/,
    );
    assertBalanced(svg, false);
    assert.doesNotMatch(svg, /class=|style=|<foreignObject|<image|<use|rotate\(/);
    const cells = svgCells(svg);
    assert.equal(cells.size, data.heatmap.length);
    for (const c of data.heatmap) {
      const inner = cells.get(`${c.likelihood}:${c.impact}`);
      assert.ok(inner !== undefined, `cell L${c.likelihood} I${c.impact}`);
      const rects = [...inner.matchAll(/<rect [^>]*fill="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(
        rects,
        [c.color],
        `one rect, in the level colour, for L${c.likelihood} I${c.impact}`,
      );
      const ids = idsIn(inner).filter((x) => x !== c.levelLabel && x !== String(c.rows.length));
      assert.deepEqual(ids, c.rows, `row ids of L${c.likelihood} I${c.impact}`);
    }
    return cells;
  };

  it("draws one coloured cell per pair with its count and row ids (v1.0)", async () => {
    const data = await exampleReportData("v1.0");
    const cells = check(data);
    const high = cells.get("3:4") ?? "";
    assert.match(high, /fill="#fb8c00"/);
    assert.deepEqual(idsIn(high), ["High", "6", "4b", "4c", "4e-power", "4f-power", "5c", "5e"]);
    assert.deepEqual(idsIn(cells.get("5:5") ?? ""), ["Extreme"]);
  });

  it("places every scored row in the cell of its score (v0.9)", async () => {
    const data = await exampleReportData("v0.9");
    const cells = check(data);
    for (const r of data.rows.filter((x) => x.status === "active" && x.score !== null)) {
      const inner = cells.get(`${r.score?.likelihood}:${r.score?.impact}`) ?? "";
      assert.ok(idsIn(inner).includes(r.id), `${r.id} in its cell`);
    }
  });

  it("uses axis labels from the methodology and stays within the requested width", async () => {
    const data = await exampleReportData("v1.0");
    const svg = heatmapSvg(data, { width: 480 });
    assert.match(svg, /width="480"/);
    for (const s of [...data.methodology.likelihood, ...data.methodology.impact]) {
      for (const word of s.label.split(" ")) assert.ok(svg.includes(word), `${word} of ${s.label}`);
    }
    for (const m of svg.matchAll(/x="(-?[\d.]+)"/g)) assert.ok(Number(m[1]) <= 480);
    assert.match(svg, /font-family="DejaVu Sans, Helvetica, Arial, sans-serif"/);
  });

  it("wraps long id lists and says how many it left out", () => {
    const ids = Array.from({ length: 40 }, (_, i) => `row-${i + 1}`);
    const lines = wrapList(ids, 16, 4);
    assert.equal(lines.length, 4);
    assert.ok(
      lines.every((l) => l.length <= 16),
      lines.join(" / "),
    );
    const shown = lines
      .slice(0, 3)
      .join(" ")
      .split(/[\s,]+/)
      .filter((s) => s !== "");
    assert.deepEqual(shown, ids.slice(0, shown.length));
    assert.equal(lines[3], `+${ids.length - shown.length} more`);
    assert.deepEqual(wrapList(["4b", "4c"], 16, 4), ["4b, 4c"]);
    assert.deepEqual(wrapList(["a-very-long-row-identifier"], 10, 4), ["a-very-lo…"]);
  });
});
