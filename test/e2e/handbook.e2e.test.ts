// The workflow handbook in headless Chromium, as a viewer over the example assessment: pick a
// workflow from the list (the choice lands in the URL, so it can be linked), read its hops with
// their worded badges, the traceability score and the numbered playbook with its commands, and
// download the handbook as HTML and one workflow as PDF.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext } from "playwright-core";
import { type AppContext } from "../../src/app/context.js";
import { type Store } from "../../src/store/index.js";
import { chromiumSkip } from "../../src/test-support/chromium.js";
import { ARTIFACTS, e2eClose, e2eServe, e2eStore, type E2eServer } from "./e2e-app.js";
import { loginPage, type WatchedPage } from "./e2e-login.js";

const A = "wlcg-token-workflows";
const VIEWER = { name: "vic", password: "viewer-password-1" };

const skip = chromiumSkip();

describe("the workflow handbook in the browser", { skip }, () => {
  let store: Store;
  let ctx: AppContext;
  let browser: Browser;
  let page: WatchedPage;
  const contexts: BrowserContext[] = [];
  let server: E2eServer | undefined;

  before(async () => {
    const e = await e2eStore({ example: true });
    store = e.store;
    ctx = e.ctx;
    const admin = e.admin;
    await ctx.accounts.addUser(admin, { ...VIEWER, role: "viewer" });
    server = await e2eServe(ctx, contexts);
    browser = server.browser;
    const base = server.base;
    page = await loginPage(browser, base, VIEWER, "/handbook", { contexts });
  });
  after(async () => {
    await e2eClose(server, store);
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
    assert.match(
      (await row("dcache").locator("td.ban").first().textContent()) ?? "",
      /~\s*partial/,
    );
    assert.match((await row("storm").locator("td.ban").nth(1).textContent()) ?? "", /✓\s*full/);
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
