// A whole scoring meeting in headless Chromium, from login to released version: three people in
// separate browser contexts (one on a phone-sized screen, one voting by keyboard) join the room,
// vote, the facilitator reveals, the split is shown, they re-vote, the facilitator settles with
// the assessment's rule ("aim high"); the meta-table and the heatmap then show the row in the
// right cell, and the version is frozen and released. Screenshots go to test-artifacts/ (or
// TTT_ARTIFACTS) — `npm run screenshots` writes the README's.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import type { Browser, BrowserContext } from "playwright-core";
import { PasswordHasher, TEST_SCRYPT_COST } from "../../src/accounts/index.js";
import { createContext, type AppContext } from "../../src/app/context.js";
import { buildApp } from "../../src/http/app.js";
import { openStore, type Store } from "../../src/store/index.js";
import { chromiumSkip, launchChromium } from "../../src/test-support/chromium.js";
import { ensureWebBuild } from "../../src/test-support/web-build.js";
import { loginPage, type WatchedPage } from "./e2e-login.js";

const ARTIFACTS = process.env.TTT_ARTIFACTS ?? "test-artifacts";
const A = "wg";
const PEOPLE = { fac: "facilitator", alice: "assessor", bob: "assessor" } as const;
type Person = keyof typeof PEOPLE;
const password = (name: string) => `${name}-password-1`;

/** A listening server over SQLite with the built web app, users and a one-draft assessment. */
async function startServer(store: Store) {
  const ctx: AppContext = createContext({ store, hasher: new PasswordHasher(TEST_SCRYPT_COST) });
  await ctx.risk.methodologies.installBuiltins();
  await ctx.accounts.ensureAdmin("admin-password-1");
  const admin = await ctx.accounts.localActor("admin");
  for (const [name, role] of Object.entries(PEOPLE))
    await ctx.accounts.addUser(admin, { name, role, password: password(name) });
  await ctx.risk.versions.create(admin, {
    id: A,
    title: "Token workflows",
    methodology: "ttt-5x5",
    defaultRule: "highest-mode",
    firstVersion: "v0.1",
  });
  await ctx.risk.catalogue.putThreat(admin, A, {
    id: "TR-4",
    title: "Token theft or leak",
    perWorkflow: true,
  });
  await ctx.risk.catalogue.putWorkflow(admin, A, { id: "e", name: "User data management" });
  await ctx.risk.catalogue.putThreat(admin, A, { id: "TR-1", title: "Token service unavailable" });
  const row = (await ctx.risk.rows.add(admin, A, { threat: "TR-4", workflow: "e" })).id;
  const other = (await ctx.risk.rows.add(admin, A, { threat: "TR-1" })).id;
  const app: FastifyInstance = await buildApp(ctx);
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  return { ctx, app, base, row, other };
}

const skip = chromiumSkip();

describe("a scoring meeting in the browser, login to released version", { skip }, () => {
  let store: Store;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages = {} as Record<Person, WatchedPage>;

  before(async () => {
    ensureWebBuild();
    mkdirSync(ARTIFACTS, { recursive: true });
    store = await openStore({ dataDir: "", sqliteFile: ":memory:" });
    server = await startServer(store);
    browser = await launchChromium();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.app.close();
    await store?.close();
  });

  async function login(name: Person, phone = false): Promise<WatchedPage> {
    const next = `/a/${A}/meeting`;
    const user = { name, password: password(name) };
    const page = await loginPage(browser, server.base, user, next, { phone, contexts });
    await page.locator('[data-testid="connection-status"][data-status="live"]').waitFor();
    return page;
  }

  async function vote(who: Person, likelihood: number, impact: number): Promise<void> {
    const page = pages[who];
    if (who === "alice") {
      // by keyboard: a digit for the likelihood, the next for the impact, Enter sends
      await page.locator("body").click({ position: { x: 5, y: 5 } });
      await page.keyboard.press(String(likelihood));
      await page.keyboard.press(String(impact));
      await page.keyboard.press("Enter");
    } else {
      await page.getByTestId(`vote-likelihood-${likelihood}`).click();
      await page.getByTestId(`vote-impact-${impact}`).click();
      await page.getByTestId("submit-vote").click();
    }
    // stored before acknowledged: everyone, the voter included, sees "voted"
    for (const p of Object.values(pages)) await p.getByTestId(`voted-${who}`).waitFor();
  }

  it("logs three people in, each in a browser of their own, into the same room", async () => {
    pages.fac = await login("fac");
    pages.alice = await login("alice");
    pages.bob = await login("bob", true);
    for (const p of Object.values(pages))
      for (const name of Object.keys(PEOPLE))
        await p.getByTestId("participants").locator("li", { hasText: name }).waitFor();
    assert.match((await pages.fac.getByTestId("me").textContent()) ?? "", /facilitating/);
    assert.equal(await pages.alice.getByTestId("open-round").count(), 0, "only the facilitator");
  });

  it("runs a round: hidden votes, who voted shown, reveal, the split highlighted", async () => {
    const { fac, alice, bob } = pages;
    await fac.getByTestId(`pick-row-${server.row}`).click();
    for (const p of [fac, alice, bob])
      await p.locator(`[data-testid="current-row"][data-row="${server.row}"]`).waitFor();
    await fac.getByTestId("open-round").click();
    await bob.getByTestId("vote-likelihood-2").waitFor();
    await vote("fac", 2, 3);
    await vote("alice", 4, 4);
    // before the reveal nobody sees any figure, only who voted
    assert.equal(await bob.getByTestId("histogram-likelihood").count(), 0);
    assert.equal(await fac.getByTestId("histogram-likelihood").count(), 0);
    await vote("bob", 3, 5);
    await fac.getByTestId("reveal").click();
    for (const p of [fac, alice, bob]) {
      await p.getByTestId("histogram-likelihood").waitFor();
      await p.getByTestId("split-warning").waitFor();
    }
    assert.match(
      (await fac.getByTestId("split-warning").textContent()) ?? "",
      /likelihood and impact/,
    );
    await fac.screenshot({ path: join(ARTIFACTS, "meeting-room-split.png"), fullPage: true });
    await bob.screenshot({ path: join(ARTIFACTS, "meeting-room-phone.png"), fullPage: true });
  });

  it("re-votes and settles with the assessment's rule, aiming high on the split", async () => {
    const { fac, alice, bob } = pages;
    await fac.getByTestId("open-round").click();
    for (const p of [fac, alice, bob]) await p.getByTestId("vote-likelihood-4").waitFor();
    await vote("fac", 4, 3);
    await vote("alice", 4, 5);
    await vote("bob", 3, 4);
    await fac.getByTestId("reveal").click();
    await fac.locator('[data-testid="round-status"]', { hasText: "Round 2: revealed" }).waitFor();
    // L 3,4,4 → highest mode 4; I 3,4,5 (a three-way tie) → aim high: 5
    await fac.getByTestId("settle").click();
    for (const p of [fac, alice, bob]) {
      const score = p.getByTestId("settled-score");
      await score.waitFor();
      assert.match((await score.textContent()) ?? "", /^L4 I5 /);
    }
    await fac.screenshot({ path: join(ARTIFACTS, "meeting-room.png"), fullPage: true });
    for (const p of Object.values(pages)) assert.deepEqual(p.problems, []);
  });

  it("shows the row in the right cell of the meta-table and of the heatmap", async () => {
    const page = pages.alice;
    const view = await server.ctx.risk.rows.list(await server.ctx.accounts.localActor("alice"), A, {
      version: "v0.1",
    });
    const settled = view.rows.find((r) => r.id === server.row)?.score;
    assert.equal(settled?.likelihood, 4);
    assert.equal(settled?.impact, 5);
    assert.equal(settled?.rule, "highest-mode");

    await page.goto(`/a/${A}/table?version=v0.1`);
    const cell = page.getByTestId(`cell-${server.row}`);
    await cell.waitFor();
    assert.equal(await cell.getAttribute("data-likelihood"), "4");
    assert.equal(await cell.getAttribute("data-impact"), "5");
    assert.equal(await cell.getAttribute("data-level"), settled?.level);
    assert.equal(
      await page.getByTestId(`cell-${server.other}`).getAttribute("data-level"),
      "unscored",
    );

    await page.goto(`/a/${A}/heatmap?version=v0.1`);
    const heat = page.getByTestId("heat-4-5");
    await heat.waitFor();
    assert.equal(await heat.getAttribute("data-count"), "1");
    assert.equal(await heat.getAttribute("data-rows"), server.row);
    await page.screenshot({ path: join(ARTIFACTS, "heatmap.png"), fullPage: true });
  });

  it("freezes and releases the version from the versions page", async () => {
    const page = pages.fac;
    await page.goto(`/a/${A}`);
    await page.getByTestId("version-freeze-v0.1").click();
    await page.getByTestId("version-freeze-ok").click();
    await page.getByText("v0.1 is frozen").waitFor();
    await page.getByTestId("version-release-v0.1").click();
    await page.getByTestId("version-release-ok").click();
    // the page says so once the server has answered (the buttons alone don't tell frozen from released)
    await page.getByText("v0.1 is released.").waitFor();
    const assessment = await server.ctx.risk.versions.get(
      await server.ctx.accounts.localActor("fac"),
      A,
    );
    assert.equal(assessment.versions.find((v) => v.label === "v0.1")?.state, "released");
    await page.goto(`/a/${A}/heatmap?version=v0.1`);
    assert.equal(await page.getByTestId("heat-4-5").getAttribute("data-rows"), server.row);
  });
});
