// The workflow handbook in headless Chromium, as a viewer over the example assessment: pick a
// workflow from the list (the choice lands in the URL, so it can be linked), read its hops with
// their worded badges, the traceability score and the numbered playbook with its commands, and
// download the handbook as HTML and one workflow as PDF.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import type { Browser, BrowserContext } from "playwright-core";
import { PasswordHasher, TEST_SCRYPT_COST } from "../../src/accounts/index.js";
import { createContext, type AppContext } from "../../src/app/context.js";
import { buildApp } from "../../src/http/app.js";
import { loadExample } from "../../src/risk/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { chromiumSkip, launchChromium } from "../../src/test-support/chromium.js";
import { ensureWebBuild } from "../../src/test-support/web-build.js";
import { loginPage, type WatchedPage } from "./e2e-login.js";

const A = "wlcg-token-workflows";
const ARTIFACTS = process.env.TTT_ARTIFACTS ?? "test-artifacts";
const VIEWER = { name: "vic", password: "viewer-password-1" };

const skip = chromiumSkip();

describe("the workflow handbook in the browser", { skip }, () => {
  let store: Store;
  let ctx: AppContext;
  let app: FastifyInstance;
  let browser: Browser;
  let page: WatchedPage;
  const contexts: BrowserContext[] = [];

  before(async () => {
    ensureWebBuild();
    mkdirSync(ARTIFACTS, { recursive: true });
    store = await openStore({ dataDir: "", sqliteFile: ":memory:" });
    ctx = createContext({ store, hasher: new PasswordHasher(TEST_SCRYPT_COST) });
    await ctx.risk.methodologies.installBuiltins();
    await ctx.accounts.ensureAdmin("admin-password-1");
    const admin = await ctx.accounts.localActor("admin");
    await loadExample(ctx, admin);
    await ctx.accounts.addUser(admin, { ...VIEWER, role: "viewer" });
    app = await buildApp(ctx);
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    browser = await launchChromium();
    page = await loginPage(browser, base, VIEWER, "/handbook", { contexts });
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  it("lists the workflows and shows the first one until another is picked", async () => {
    const links = page.getByTestId("handbook-workflow-link");
    await links.first().waitFor();
    assert.equal(await links.count(), 6);
    assert.equal(await links.first().getAttribute("aria-current"), "page");
    await page.getByRole("heading", { level: 2, name: /^Workflow a: / }).waitFor();
  });

  it("picks a workflow: its hops, traceability score and playbook, and the URL names it", async () => {
    await page
      .getByTestId("handbook-workflow-link")
      .filter({ hasText: "FTS, exchanged and refreshed tokens" })
      .click();
    await page.waitForURL(/\/handbook\?workflow=b$/);
    const heading = page.getByRole("heading", { level: 2, name: /^Workflow b: FTS, exchanged/ });
    await heading.waitFor();
    // the chosen workflow's heading takes the focus
    assert.equal(await heading.evaluate((h) => h === h.ownerDocument.activeElement), true);

    const hops = page.getByTestId("handbook-hops");
    assert.equal(await hops.locator("tbody tr").count(), 6);
    const row = (c: string) =>
      hops
        .locator("tbody tr")
        .filter({ has: page.getByRole("rowheader", { name: c, exact: true }) });
    assert.match((await row("dcache").textContent()) ?? "", /traceable by jti/);
    assert.match((await row("storm").textContent()) ?? "", /subject only/);
    assert.match((await row("dcache").locator("td.ban").first().textContent()) ?? "", /✓\s*full/);
    assert.equal(await hops.getByRole("columnheader", { name: /identity-before/ }).count(), 1);

    const score = (await page.getByTestId("handbook-score").textContent()) ?? "";
    assert.match(score, /3 of 6 hops trace the token by jti, 3 by subject only, 0 not at all/);
    assert.match(score, /by jti: 3 of 6 \(50%\)/);

    const playbook = page.getByTestId("handbook-playbook");
    assert.equal(await playbook.locator(":scope > li").count(), 9);
    assert.equal(
      await playbook
        .locator("code", { hasText: "ttt trace jti --iss <iss> --jti <jti> --with-derived" })
        .count(),
      1,
    );
    assert.match((await page.getByTestId("handbook-rows").textContent()) ?? "", /Token theft/);
    await page.screenshot({ path: join(ARTIFACTS, "handbook.png"), fullPage: true });
  });

  it("opens a workflow straight from its link", async () => {
    await page.goto("/handbook?workflow=c");
    await page.getByRole("heading", { level: 2, name: /^Workflow c: Grid jobs/ }).waitFor();
    const hops = page.getByTestId("handbook-hops");
    assert.match((await hops.textContent()) ?? "", /not traceable/);
    const current = page.locator('[data-testid="handbook-workflow-link"][aria-current="page"]');
    assert.match((await current.textContent()) ?? "", /Grid jobs with long-lived tokens/);
  });

  it("downloads the whole handbook as HTML and the workflow as PDF", async () => {
    const [html] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("handbook-download-html").click(),
    ]);
    assert.equal(html.suggestedFilename(), `handbook-${A}-v1.0.html`);
    const htmlPath = join(ARTIFACTS, html.suggestedFilename());
    await html.saveAs(htmlPath);
    const doc = readFileSync(htmlPath, "utf8");
    assert.match(doc, /^<!doctype html>/);
    assert.equal(doc.match(/<section id="workflow-/g)?.length, 6);

    const [pdf] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("handbook-download-workflow-pdf").click(),
    ]);
    assert.equal(pdf.suggestedFilename(), `handbook-${A}-v1.0-c.pdf`);
    const pdfPath = join(ARTIFACTS, pdf.suggestedFilename());
    await pdf.saveAs(pdfPath);
    assert.equal(readFileSync(pdfPath).subarray(0, 5).toString("latin1"), "%PDF-");
    assert.deepEqual(page.problems, []);
  });
});
