// Reports and imports from the web app in headless Chromium: the versions page downloads every
// format of the example assessment's v1.0; the import page previews a downloaded JSON export,
// imports it as a copy, and shows a bad spreadsheet's problems by row and column.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext } from "playwright-core";
import { type AppContext } from "../../src/app/context.js";
import { type Store } from "../../src/store/index.js";
import { chromiumSkip } from "../../src/test-support/chromium.js";
import { ARTIFACTS, e2eClose, e2eServe, e2eStore, type E2eServer } from "./e2e-app.js";
import { loginPage, type WatchedPage } from "./e2e-login.js";

const A = "wlcg-token-workflows";
const FAC = { name: "fac", password: "fac-password-1" };

const skip = chromiumSkip();

describe("reports and imports in the browser", { skip }, () => {
  let store: Store;
  let ctx: AppContext;
  let browser: Browser;
  let page: WatchedPage;
  const contexts: BrowserContext[] = [];
  let server: E2eServer | undefined;
  const files: Record<string, string> = {};

  before(async () => {
    const e = await e2eStore({ example: true });
    store = e.store;
    ctx = e.ctx;
    const admin = e.admin;
    await ctx.accounts.addUser(admin, { ...FAC, role: "facilitator" });
    server = await e2eServe(ctx, contexts);
    browser = server.browser;
    const base = server.base;
    page = await loginPage(browser, base, FAC, `/a/${A}`, { contexts });
  });
  after(async () => {
    await e2eClose(server, store);
  });

  const FORMATS = {
    pdf: [`${A}-v1.0.pdf`, /^%PDF-/],
    xlsx: [`${A}-v1.0.xlsx`, /^PK/],
    md: [`${A}-v1.0.md`, /^# /],
    html: [`${A}-v1.0.html`, /^<!doctype html>/i],
    csv: [`${A}-v1.0.csv`, /^\uFEFFref_id;/],
    json: [`${A}.ttt.json`, /"format": "ttt-assessment"/],
  } as const;

  for (const [format, [name, start]] of Object.entries(FORMATS)) {
    it(`downloads the ${format} report from the versions page`, async () => {
      await page.getByTestId("report-v1.0").locator("summary").click();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId(`report-v1.0-${format}`).click(),
      ]);
      assert.equal(download.suggestedFilename(), name);
      const path = join(ARTIFACTS, name);
      await download.saveAs(path);
      const bytes = readFileSync(path);
      const binary = format === "pdf" || format === "xlsx";
      assert.match(bytes.toString(binary ? "latin1" : "utf8").slice(0, 200), start);
      files[format] = path;
      // the menu closed itself on the choice
      assert.equal(await page.getByTestId("report-v1.0").getAttribute("open"), null);
    });
  }

  it("previews the downloaded JSON export, then imports it as an equal copy", async () => {
    assert.ok(files.json, "the JSON download ran first");
    await page.goto("/import");
    await page.getByTestId("import-file").setInputFiles(files.json ?? "");
    await page.getByTestId("import-assessment").fill("wg-copy");
    await page.getByTestId("import-preview").click();
    const outcome = page.getByTestId("import-outcome");
    await outcome.getByText("Preview: assessment wg-copy").waitFor();
    assert.equal(
      await ctx.store.db
        .selectFrom("assessments")
        .select("id")
        .execute()
        .then((r) => r.length),
      1,
    );
    await page.getByTestId("import-apply").click();
    await outcome.getByText("Imported: assessment wg-copy").waitFor();
    const admin = await ctx.accounts.localActor("admin");
    const copy = await ctx.risk.versions.get(admin, "wg-copy");
    assert.deepEqual(
      copy.versions.map((v) => [v.label, v.state]),
      (await ctx.risk.versions.get(admin, A)).versions.map((v) => [v.label, v.state]),
    );
    await page.screenshot({ path: join(ARTIFACTS, "import.png"), fullPage: true });
  });

  it("shows a bad spreadsheet's problems by row and column, importing nothing", async () => {
    const bad = join(ARTIFACTS, "bad-sheet.csv");
    writeFileSync(
      bad,
      "Threat ID;Title;Workflow;Likelihood;Impact\nTR-1;Unavailable;;7;3\nTR-2;Escalation;;2;3\n",
    );
    await page.goto("/import");
    await page.getByTestId("import-file").setInputFiles(bad);
    await page.getByTestId("import-assessment").fill("wg-bad");
    await page.getByTestId("import-preview").click();
    const issues = page.getByTestId("import-issues");
    await issues.waitFor();
    const text = (await issues.textContent()) ?? "";
    assert.match(text, /Likelihood/);
    assert.match(text, /7/);
    const ids = await ctx.store.db.selectFrom("assessments").select("id").execute();
    assert.deepEqual(ids.map((r) => r.id).sort(), ["wg-copy", A]);
    assert.deepEqual(page.problems, []);
  });
});
