// The trace screens in headless Chromium over a small generated world with a planted compromise:
// the stolen refresh token traced with derived tokens shows the ground truth's lineage (proven
// links solid, the rest labelled) and a timeline of proven and candidate events; the timeline
// filters in the page; a subject and a token pivot to new traces (and back); the CSV download
// under the server's name; saving the trace into an incident and starring an event (its button
// named by the event's time, focus back on it after); and the alerts page shows what a ban on
// the victim raised.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext } from "playwright-core";
import { type Actor } from "../../src/accounts/index.js";
import { type AppContext } from "../../src/app/context.js";
import { type Store } from "../../src/store/index.js";
import { chromiumSkip } from "../../src/test-support/chromium.js";
import { generateLogs } from "../../src/trace/gen/gen-logs.service.js";
import { parseGenLogsOptions } from "../../src/trace/gen/gen-logs.schema.js";
import { fileSources } from "../../src/trace/ingest/log-source.js";
import type { TraceResult } from "../../src/trace/query/trace-result.js";
import { ARTIFACTS, e2eClose, e2eServe, e2eStore, type E2eServer } from "./e2e-app.js";
import { loginPage, type WatchedPage } from "./e2e-login.js";

interface Truth {
  stolen: { iss: string; sub: string; username: string; jti: string };
  tokens: Array<{ jti: string; kind: string; parent: string | null }>;
  links: Array<{ from: string; to: string; type: string; confidence: string }>;
  provenEvents: unknown[];
  candidateEvents: unknown[];
}

const RESP = { name: "resp", password: "resp-password-1" };
const DAY2 = Date.parse("2024-09-03T00:00:00Z");
const DAY1_NAMES = /2024-09-02|20240902|2024\.09\.02/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const skip = chromiumSkip();

describe("trace explorer and alerts in the browser", { skip }, () => {
  let dir: string;
  let store: Store;
  let ctx: AppContext;
  let admin: Actor;
  let browser: Browser;
  let page: WatchedPage;
  let truth: Truth;
  let expected: TraceResult;
  let incidentId: string;
  let traceUrl: string;
  const contexts: BrowserContext[] = [];
  let server: E2eServer | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "ttt-trace-e2e-"));
    await generateLogs(
      parseGenLogsOptions({ out: dir, sites: 2, days: 2, users: 10, seed: 7, compromise: true }),
    );
    truth = JSON.parse(readFileSync(join(dir, "ground-truth.json"), "utf8")) as Truth;
    const e = await e2eStore({});
    store = e.store;
    ctx = e.ctx;
    admin = e.admin;
    await ctx.accounts.addUser(admin, { ...RESP, role: "responder" });
    // day 1, then a ban of the victim's identity from the start of day 2 (before the attack),
    // then everything: the attacker's day-2 lines raise alerts
    const day1 = files(dir).filter((f) => DAY1_NAMES.test(f));
    const first = await ctx.ingest.ingest(admin, await fileSources(day1, "auto"), {
      origin: "test",
    });
    assert.equal(first.bad, 0);
    incidentId = (await ctx.incidents.create(admin, { title: "stolen token", tlp: "AMBER" })).id;
    await ctx.bans.create(admin, {
      incident: incidentId,
      kind: "identity",
      iss: truth.stolen.iss,
      sub: truth.stolen.sub,
      reason: "stolen refresh token",
      startsAt: new Date(DAY2).toISOString(),
    });
    const all = await ctx.ingest.ingest(admin, await fileSources([dir], "auto"), {
      origin: "test",
    });
    assert.equal(all.bad, 0);
    assert.ok(all.alerts > 0, "the ban raised alerts");
    expected = await ctx.trace.trace(admin, {
      by: "jti",
      value: truth.stolen.jti,
      withDerived: true,
    });
    server = await e2eServe(ctx, contexts);
    browser = server.browser;
    const base = server.base;
    page = await loginPage(browser, base, RESP, "/trace", { contexts });
  });
  after(async () => {
    await e2eClose(server, store);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const rows = () => page.getByTestId("timeline-row");
  /** Waits until the timeline says it shows n events (of n after the filters). */
  const shows = (n: number) =>
    page
      .locator('[data-testid="timeline-count"]', { hasText: `Showing ${n} of ${n} event` })
      .waitFor();
  const countOf = async (confidence: string) =>
    page.locator(`[data-testid="timeline-row"][data-confidence="${confidence}"]`).count();

  it("refuses a time without its zone before asking the server", async () => {
    await page.getByTestId("trace-value").fill(truth.stolen.jti);
    await page.getByTestId("trace-from").fill("2024-09-03 02:00");
    await page.getByTestId("trace-submit").click();
    const errors = page.getByTestId("trace-form-errors");
    await errors.waitFor();
    assert.match((await errors.textContent()) ?? "", /From: expected an ISO 8601 time/);
    // the field is described by the times hint and by its error
    const from = page.getByTestId("trace-from");
    assert.equal(await from.getAttribute("aria-invalid"), "true");
    const described = ((await from.getAttribute("aria-describedby")) ?? "").split(" ");
    const texts = await Promise.all(
      described.map(async (id) => (await page.locator(`[id="${id}"]`).textContent()) ?? ""),
    );
    assert.equal(texts.length, 2);
    assert.match(texts[0]!, /^Times: /);
    assert.match(texts[1]!, /^From: expected/);
    assert.equal(new URL(page.url()).search, "");
    await page.getByTestId("trace-from").fill("");
  });

  it("traces the stolen token with derived tokens: the ground truth's lineage and timeline", async () => {
    await page.getByTestId("trace-by").selectOption("jti");
    await page.getByTestId("trace-value").fill(truth.stolen.jti);
    if (!(await page.getByTestId("trace-derived").isChecked()))
      await page.getByTestId("trace-derived").check();
    await page.getByTestId("trace-submit").click();
    await page.waitForURL(/\/trace\?by=jti&value=.*withDerived=true/);
    traceUrl = new URL(page.url()).pathname + new URL(page.url()).search;
    const graph = page.getByTestId("lineage-graph");
    await graph.waitFor();
    assert.match((await graph.getAttribute("aria-label")) ?? "", /6 tokens, 5 links/);
    const jtis = await page
      .getByTestId("lineage-token")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-jti")));
    assert.deepEqual(jtis.sort(), truth.tokens.map((t) => t.jti).sort());
    const links = await page
      .getByTestId("lineage-link")
      .evaluateAll((els) =>
        els.map((e) =>
          [
            e.getAttribute("data-from"),
            e.getAttribute("data-to"),
            e.getAttribute("data-confidence"),
            e.getAttribute("data-type"),
          ].join(" "),
        ),
      );
    assert.deepEqual(
      links.sort(),
      truth.links.map((l) => [l.from, l.to, l.confidence, l.type].join(" ")).sort(),
    );
    assert.ok(truth.links.some((l) => l.confidence === "proven"));
    assert.equal(await countOf("proven"), truth.provenEvents.length);
    assert.equal(await countOf("candidate"), truth.candidateEvents.length);
    assert.ok(truth.candidateEvents.length > 0);
    const summary = (await page.getByTestId("trace-summary").textContent()) ?? "";
    assert.match(summary, new RegExp(`Proven events${truth.provenEvents.length}`));
    await page.screenshot({ path: join(ARTIFACTS, "trace.png") });
    await graph.screenshot({ path: join(ARTIFACTS, "trace-lineage.png") });
    await page.getByTestId("timeline-row").nth(0).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "trace-timeline.png") });
  });

  it("filters the timeline by component and by confidence in the page", async () => {
    const fts = expected.timeline.filter((e) => e.component === "fts");
    assert.ok(fts.length > 0);
    await page.getByTestId("timeline-filter-component").selectOption("fts");
    await shows(fts.length);
    assert.equal(await rows().count(), fts.length);
    const components = await rows().locator("td:nth-child(4)").allTextContents();
    assert.deepEqual(new Set(components), new Set(["fts"]));
    await page.getByTestId("timeline-filter-component").selectOption("");
    await page.getByTestId("timeline-show-candidate").check();
    await shows(truth.candidateEvents.length);
    assert.equal(await rows().count(), truth.candidateEvents.length);
    assert.equal(await countOf("proven"), 0);
    await page.getByTestId("timeline-show-all").check();
    assert.equal(await rows().count(), expected.timeline.length);
  });

  it("downloads the trace as CSV", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("trace-download-csv").click(),
    ]);
    assert.equal(download.suggestedFilename(), "trace-jti-csv.csv", "named by the server");
    const path = join(ARTIFACTS, download.suggestedFilename());
    await download.saveAs(path);
    const csv = readFileSync(path, "utf8");
    assert.match(csv, /^time,confidence,via,token_jti,site,host,component,action,outcome,/);
    assert.equal(csv.trimEnd().split("\r\n").length, expected.timeline.length + 1);
  });

  it("pivots from a subject to a trace of the subject, and back", async () => {
    await page.locator(`[data-testid="pivot-sub"][title$=" ${truth.stolen.sub}"]`).first().click();
    await page.waitForURL((u) => u.searchParams.get("by") === "sub");
    const url = new URL(page.url());
    assert.equal(url.searchParams.get("value"), truth.stolen.sub);
    assert.equal(url.searchParams.get("withDerived"), "true");
    await page.getByTestId("trace-current").getByText(`sub ${truth.stolen.sub}`).waitFor();
    await rows().first().waitFor();
    assert.ok((await rows().count()) > 0);
    assert.equal(await page.getByTestId("trace-value").inputValue(), truth.stolen.sub);
    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get("by") === "jti");
    await page.getByTestId("lineage-graph").waitFor();
    assert.equal(await page.getByTestId("lineage-token").count(), truth.tokens.length);
  });

  it("pivots from a token of the graph to a trace of that token", async () => {
    const child = truth.tokens.find((t) => t.parent === truth.stolen.jti)!;
    await page.locator(`[data-testid="lineage-token"][data-jti="${child.jti}"]`).click();
    await page.waitForURL((u) => u.searchParams.get("value") === child.jti);
    await page.getByTestId("lineage-graph").waitFor();
    const starts = await page
      .locator('[data-testid="lineage-token"].is-start')
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-jti")));
    assert.deepEqual(starts, [child.jti]);
  });

  it("saves the trace into the incident it works on", async () => {
    await page.goto(`${traceUrl}&incident=${encodeURIComponent(incidentId)}`);
    await page.getByTestId("trace-incident-bar").getByText("stolen token").waitFor();
    await page.getByTestId("lineage-graph").waitFor();
    await page.getByTestId("trace-save-incident").click();
    const saved = page.getByTestId("trace-saved");
    await saved.waitFor();
    const view = await ctx.incidents.get(admin, incidentId);
    assert.equal(view.traces.length, 1);
    assert.match((await saved.textContent()) ?? "", new RegExp(view.traces[0]!.id));
    // star a row with a note
    const row = rows().first();
    const eventId = await row.getAttribute("data-event-id");
    const starButton = row.getByTestId("timeline-star");
    assert.match(
      (await starButton.getAttribute("aria-label")) ?? "",
      /^Star the event of \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ into the incident$/,
    );
    assert.equal(await starButton.getAttribute("aria-pressed"), null, "a disclosure, not a toggle");
    await starButton.click();
    assert.equal(await starButton.getAttribute("aria-expanded"), "true");
    await page.getByTestId("timeline-star-note").fill("first line of the attacker");
    await page.getByTestId("timeline-star-submit").click();
    await page.locator('[data-testid="timeline-row"][data-starred="true"]').first().waitFor();
    await page.getByTestId("timeline-star-note").waitFor({ state: "detached" });
    assert.equal(
      await page.evaluate<string>(
        "(e => `${e?.getAttribute('data-testid')} ${e?.closest('tr')?.getAttribute('data-event-id')}`)(document.activeElement)",
      ),
      `timeline-star ${eventId}`,
      "focus is back on the star button",
    );
    assert.match((await starButton.getAttribute("aria-label")) ?? "", /^Starred: star the event/);
    await page.screenshot({ path: join(ARTIFACTS, "trace-incident.png") });
    // the incident's action log remembers it: starred again after a reload
    await page.reload();
    const starred = page.locator('[data-testid="timeline-row"][data-starred="true"]');
    await starred.first().waitFor();
    assert.deepEqual(
      await starred.evaluateAll((els) => els.map((e) => e.getAttribute("data-event-id"))),
      [eventId],
    );
  });

  it("lists the alerts the ban raised, and traces one", async () => {
    const alerts = await ctx.alerts.list(admin, { limit: 10_000 });
    assert.ok(alerts.length > 0);
    await page.goto("/alerts");
    await page.getByTestId("alert-row").first().waitFor();
    assert.equal(await page.getByTestId("alert-row").count(), Math.min(100, alerts.length));
    await page.screenshot({ path: join(ARTIFACTS, "alerts.png") });
    const first = page.getByTestId("alert-row").first();
    const text = (await first.textContent()) ?? "";
    assert.match(text, /identity ban: sub /);
    assert.match(text, new RegExp(alerts[0]!.source.file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    await page.getByTestId("alerts-kind").selectOption("expired-token");
    await page.getByTestId("alerts-apply").click();
    await page.waitForURL(/kind=expired-token/);
    // The seeded world uses every token before it expires: only the ban raised alerts.
    const expired = alerts.filter((a) => a.kind === "expired-token").length;
    assert.equal(expired, 0);
    await page.getByTestId("alerts-empty").waitFor();
    assert.equal(await page.getByTestId("alert-row").count(), expired);
    await page.goBack();
    await page.getByTestId("alert-row").first().getByTestId("alert-trace").click();
    await page.waitForURL(/\/trace\?by=/);
    await rows().first().waitFor();
    assert.deepEqual(page.problems, []);
  });

  it("acknowledges an alert with a note; the open queue leaves it out", async () => {
    const open = await ctx.alerts.list(admin, { state: "open", limit: 10_000 });
    assert.ok(open.length > 1);
    await page.goto("/alerts?state=open&limit=10000");
    const first = page.getByTestId("alert-row").first();
    await first.waitFor();
    assert.equal(await page.getByTestId("alert-row").count(), open.length);
    await first.getByTestId("alert-ack").click();
    const note = "attacker's address blocked at the site firewall";
    await first.getByTestId("alert-ack-note").fill(note);
    await first.getByTestId("alert-ack-confirm").click();
    // the list reloads without it
    const deadline = Date.now() + 10_000;
    while ((await page.getByTestId("alert-row").count()) !== open.length - 1) {
      assert.ok(Date.now() < deadline, "the acknowledged alert left the open list");
      await page.waitForTimeout(50);
    }
    const acked = await ctx.alerts.list(admin, { state: "acknowledged", limit: 10 });
    assert.deepEqual(
      acked.map((a) => [a.id, a.ack?.by, a.ack?.note]),
      [[open[0]!.id, RESP.name, note]],
    );
    await page.getByTestId("alerts-state").selectOption("acknowledged");
    await page.getByTestId("alerts-apply").click();
    await page.waitForURL(/state=acknowledged/);
    await page.getByTestId("alert-acked").waitFor();
    assert.equal(await page.getByTestId("alert-row").count(), 1);
    const text = (await page.getByTestId("alert-acked").textContent()) ?? "";
    assert.ok(text.includes(`Acknowledged by ${RESP.name}`), text);
    assert.ok(text.includes(note), text);
    assert.deepEqual(page.problems, []);
  });
});
