/**
 * The HTML report's only stylesheet, inlined so the file stands alone (e-mail it, open it
 * offline, archive it). Print rules start each section on a new page, keep table rows and row
 * entries whole, and force level colours to print (browsers drop backgrounds by default).
 */
export const REPORT_CSS = `
:root { color-scheme: light; }
body { margin: 0; color: #1f1f1f; background: #ffffff; font: 14px/1.45 "DejaVu Sans", Helvetica, Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.9em; margin: 0.4em 0 0.2em; }
h2 { font-size: 1.45em; margin: 1.6em 0 0.5em; padding-bottom: 0.2em; border-bottom: 2px solid #1f1f1f; }
h3 { font-size: 1.15em; margin: 1.3em 0 0.4em; }
h4 { font-size: 1em; margin: 1.1em 0 0.3em; }
a { color: #0b57a4; }
.subtitle { font-size: 1.15em; font-weight: bold; margin: 0 0 0.8em; }
.notice { border: 2px solid #b71c1c; background: #fdecea; color: #7f1010; padding: 8px 12px; font-weight: bold; }
.counts { font-size: 1.05em; }
dl.facts { display: grid; grid-template-columns: 12.5em 1fr; gap: 3px 14px; margin: 0.6em 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; margin: 0.5em 0 1.2em; width: 100%; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid #b0b0b0; padding: 4px 6px; text-align: left; vertical-align: top; }
thead th { background: #eeeeee; }
tbody th { font-weight: bold; background: #fafafa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.level { font-weight: bold; }
td.level a, .cell-row a { color: inherit; }
td.nowrap { white-space: nowrap; }
table.compact { width: auto; min-width: 16em; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
th .wf-name { display: block; font-weight: normal; font-size: 0.85em; }
.split-mark { font-weight: normal; font-style: italic; }
table.meta td { min-width: 6.5em; }
table.meta .cell-row { display: block; font-weight: bold; padding: 1px 3px; margin: 1px 0; }
.round-head { font-weight: bold; margin: 0.8em 0 0.2em; }
article.row { border-left: 4px solid #d0d0d0; padding: 0 0 0 12px; margin: 1em 0 1.5em; }
.muted { color: #555555; }
figure.heatmap { margin: 0.5em 0; }
figure.heatmap svg { max-width: 100%; height: auto; }
nav.contents ol { columns: 2; }
footer { margin-top: 2em; font-size: 0.85em; color: #555555; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 9.5pt; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.report-section { break-before: page; }
  h2, h3, h4, caption, .round-head { break-after: avoid; }
  tr, dl.facts, figure.heatmap, .notice { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  nav.contents { display: none; }
}
`.trim();
