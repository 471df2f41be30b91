/**
 * The HTML handbook's only stylesheet, inlined so the file stands alone (mail it, open it
 * offline, print it). Badges and ban marks always carry words or a symbol, so nothing is said by
 * colour alone; print rules start each workflow on a new page, keep table rows and playbook
 * steps whole, and force the badge and bar colours to print.
 */
export const HANDBOOK_CSS = `
:root { color-scheme: light; }
body { margin: 0; color: #1f1f1f; background: #ffffff; font: 14px/1.45 "DejaVu Sans", Helvetica, Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.9em; margin: 0.4em 0 0.2em; }
h2 { font-size: 1.45em; margin: 1.6em 0 0.5em; padding-bottom: 0.2em; border-bottom: 2px solid #1f1f1f; }
h3 { font-size: 1.15em; margin: 1.3em 0 0.4em; }
a { color: #0b57a4; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.92em; background: #f3f3f3; padding: 0 3px; border-radius: 3px; overflow-wrap: anywhere; }
.note { border-left: 4px solid #b26a00; padding: 4px 10px; background: #fff6e5; }
table { border-collapse: collapse; margin: 0.5em 0 1.2em; width: 100%; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid #b0b0b0; padding: 4px 6px; text-align: left; vertical-align: top; }
thead th { background: #eeeeee; }
tbody th { background: #fafafa; }
table.props { width: auto; min-width: 24em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.ban { text-align: center; white-space: nowrap; }
.via { display: block; font-size: 0.85em; color: #444444; margin-top: 2px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; border: 1px solid; font-size: 0.85em; font-weight: bold; white-space: nowrap; }
.badge-jti { background: #e3f2e6; border-color: #2e7d32; color: #1b5e20; }
.badge-subject { background: #fff4d6; border-color: #b26a00; color: #6d4100; }
.badge-none { background: #fdecea; border-color: #b71c1c; color: #7f1010; }
.legend { font-size: 0.9em; color: #444444; }
.bar { display: flex; height: 14px; max-width: 32em; border: 1px solid #707070; margin: 6px 0; }
.bar span { display: block; height: 100%; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border: 1px solid #707070; margin-right: 4px; vertical-align: -0.05em; }
.seg-jti { background: #2e7d32; }
.seg-subject { background: #f0a500; background-image: repeating-linear-gradient(45deg, transparent 0 3px, rgba(0,0,0,0.2) 3px 5px); }
.seg-none { background: #b71c1c; background-image: repeating-linear-gradient(-45deg, transparent 0 2px, rgba(255,255,255,0.4) 2px 4px); }
ul.shares { list-style: none; padding: 0; margin: 4px 0 0; display: flex; gap: 18px; flex-wrap: wrap; font-size: 0.9em; }
ol.playbook > li { margin: 0 0 0.8em; }
.cmds { margin: 4px 0 0; }
nav.contents ol { columns: 2; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 9.5pt; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.workflow { break-before: page; }
  h2, h3, caption { break-after: avoid; }
  tr, ol.playbook > li, .traceability { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  nav.contents { display: none; }
}
`.trim();
