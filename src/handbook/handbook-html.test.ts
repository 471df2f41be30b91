import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildHandbook } from "./handbook.build.js";
import { anchor, esc, renderHandbookHtml } from "./handbook-html.js";
import type { Handbook } from "./handbook.model.js";

/**
 * The HTML handbook: one standalone document (doctype, inline CSS, no scripts, nothing
 * fetched), the same content as the Markdown, every user text escaped, tables with captions and
 * headers, badges that say in words what their colour says, and print rules.
 */

const FTS = {
  id: "b",
  name: "FTS, exchanged and refreshed tokens",
  description: "Transfers run by FTS.",
  lifetime: "short-lived, refreshed",
  scopeBreadth: "broad: storage.modify",
  refreshExchange: "token exchange",
  holder: "FTS (privileged client)",
};
const EVIL = {
  id: "x y",
  name: `<script>alert("pwned")</script> & friends`,
  description: "Jobs with <b>bold</b> claims.",
  lifetime: "long-lived",
  scopeBreadth: "not stated",
  refreshExchange: "not stated",
  holder: "grid job",
};
const ROW = {
  id: "4b",
  threat: { title: "Token theft <img src=x onerror=alert(1)>" },
  variant: "power users",
  workflow: { id: "b" },
  status: "active",
  score: { level: "high", levelLabel: "High", likelihood: 4, impact: 3 },
};

const handbook = (): Handbook =>
  buildHandbook({
    assessment: { id: "wlcg", title: "WLCG <tokens>", version: "v1.0", state: "released" },
    note: null,
    workflows: [FTS, EVIL],
    rows: [ROW],
  });
const html = renderHandbookHtml(handbook());

/** The markup of one workflow's section. */
const section = (id: string): string => {
  const m = new RegExp(`<section id="${anchor(id)}"[\\s\\S]*?</section>`).exec(html);
  assert.ok(m, `section ${id}`);
  return m[0];
};

describe("renderHandbookHtml", () => {
  it("is one standalone HTML5 document: doctype, charset, title, inline CSS, no scripts", () => {
    assert.ok(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">'));
    assert.match(html, /<title>Workflow handbook: WLCG &lt;tokens&gt;<\/title>/);
    assert.match(html, /<style>\n[\s\S]*@media print[\s\S]*<\/style>/);
    assert.match(html, /section\.workflow \{ break-before: page; \}/);
    // Checked on a handbook without the hostile titles below (whose escaped text says "src=").
    const clean = renderHandbookHtml(
      buildHandbook({ assessment: null, note: null, workflows: [FTS], rows: [] }),
    );
    assert.doesNotMatch(clean, /<script|<link|<img|<iframe|@import|url\(|\bsrc=|https?:/i);
    assert.equal(html.match(/<h1[ >]/g)?.length, 1);
    assert.ok(html.endsWith("</html>\n"));
  });

  it("escapes a workflow title with <script>, threat titles and descriptions", () => {
    assert.ok(
      html.includes(
        "Workflow x y: &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; friends",
      ),
    );
    assert.ok(html.includes("Token theft &lt;img src=x onerror=alert(1)&gt;"));
    assert.ok(html.includes("Jobs with &lt;b&gt;bold&lt;/b&gt; claims."));
    assert.equal(esc(`a<b>"c"&'d'`), "a&lt;b&gt;&quot;c&quot;&amp;&#39;d&#39;");
    // an id with a space still gives a valid anchor, linked from the contents
    assert.equal(anchor("x y"), "workflow-x_20y");
    assert.match(html, /<a href="#workflow-x_20y">/);
  });

  it("has one section per workflow with its token properties in a captioned table", () => {
    assert.equal(html.match(/<section id="workflow-/g)?.length, 2);
    const b = section("b");
    assert.match(
      b,
      /<h2 id="workflow-b-title">Workflow b: FTS, exchanged and refreshed tokens<\/h2>/,
    );
    assert.match(b, /<caption>Token properties of workflow b<\/caption>/);
    for (const [k, v] of [
      ["issuer", "iam: issues the token; exchanges it for FTS and refreshes FTS&#39;s copy"],
      ["lifetime", "short-lived, refreshed"],
      ["scope breadth", "broad: storage.modify"],
      ["refresh / exchange", "token exchange"],
      ["holder", "FTS (privileged client)"],
    ])
      assert.ok(b.includes(`<tr><th scope="row">${k}</th><td>${v}</td></tr>`), k);
  });

  it("tables the hops: column headers, a row header per hop, worded badges and ban marks", () => {
    const b = section("b");
    assert.match(
      b,
      /<caption>Hops of workflow b: what each logs and which ban kinds it enforces<\/caption>/,
    );
    const heads = [...b.matchAll(/<th scope="col">([^<]+)<\/th>/g)].map((m) => m[1]);
    assert.deepEqual(heads.slice(0, 10), [
      "component",
      "role",
      "traceable",
      "logs",
      "token",
      "identity",
      "identity-before",
      "client",
      "group",
      "issuer",
    ]);
    const row = (c: string) =>
      new RegExp(`<tr><th scope="row">${c}</th>.*?</tr>`).exec(b)?.[0] ?? "";
    assert.match(row("dcache"), /<span class="badge badge-jti">traceable by jti<\/span>/);
    assert.match(row("dcache"), /via user\.jti \(&lt;jti&gt;@&lt;op&gt;\) in the access log/);
    assert.match(
      row("dcache"),
      /<td class="ban ban-partial" title="[^"]*not confirmed[^"]*">~ partial<\/td>/,
    );
    assert.match(row("storm"), /<span class="badge badge-subject">subject only<\/span>/);
    assert.match(row("storm"), /<td class="ban ban-partial" title="[^"]*">~ partial<\/td>/);
    assert.match(row("storm"), /<td class="ban ban-full" title="[^"]*">✓ full<\/td>/);
    assert.match(row("iam"), /(<td class="ban">–<\/td>){6}/);
    assert.match(section("x y"), /<span class="badge badge-none">not traceable<\/span>/);
    assert.ok(b.includes("✓ enforced (full), ~ enforced with a caveat (partial)"));
  });

  it("shows the traceability as a sentence, a labelled bar and numbers", () => {
    const b = section("b");
    assert.ok(
      b.includes(
        "3 of 6 hops trace the token by jti, 3 by subject only, 0 not at all (jti 50%, subject only 50%, none 0%).",
      ),
    );
    assert.match(b, /<div class="bar" role="img" aria-label="Traceability: 3 of 6 hops[^"]*">/);
    assert.match(
      b,
      /<span class="seg-jti" style="width:50%"><\/span><span class="seg-subject" style="width:50%"><\/span><\/div>/,
    );
    assert.ok(b.includes("by jti: 3 hops (50%)"));
    assert.ok(b.includes("not at all: 0 hops (0%)"));
  });

  it("lists the risk rows with their settled scores, or says there are none", () => {
    const b = section("b");
    assert.match(b, /<caption>Active risk rows of workflow b, highest score first<\/caption>/);
    assert.match(
      b,
      /<tr><th scope="row">Token theft &lt;img[^<]*<\/th><td>power users<\/td><td>High<\/td><td class="num">4<\/td><td class="num">3<\/td><\/tr>/,
    );
    assert.ok(section("x y").includes("<p>No active risk rows for this workflow.</p>"));
  });

  it("orders the playbook steps and sets each command in <code>", () => {
    const b = section("b");
    const steps = [...b.matchAll(/<li><strong>([^<]+)<\/strong>/g)].map((m) => m[1]);
    assert.equal(steps.length, 9);
    assert.match(steps[0] ?? "", /^Contain at the sites/);
    assert.match(b, /<ol class="playbook">/);
    assert.match(
      b,
      /<code>ttt ban token --iss &lt;iss&gt; [^<]*<\/code>, then <code>ttt ban subject /,
    );
    assert.ok(b.includes("<code>ttt agent</code>"), "backticks in a detail become code");
  });

  it("says the note when there is no assessment, and that there are no workflows", () => {
    const none = renderHandbookHtml(
      buildHandbook({
        assessment: null,
        note: "role 'site' cannot read <x>",
        workflows: [],
        rows: [],
      }),
    );
    assert.match(none, /<title>Workflow handbook<\/title>/);
    assert.match(
      none,
      /<p class="note" role="note">role &#39;site&#39; cannot read &lt;x&gt;<\/p>/,
    );
    assert.match(none, /<p>No workflows\.<\/p>/);
  });
});
