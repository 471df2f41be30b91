// The Respond screens in headless Chromium, as a responder: a pasted token inspected (verified,
// a profile finding, its claims) without ever reaching the URL or browser storage; its identity
// banned from the inspector's pre-filled form; the ban listed active, then lifted with a reason;
// the dCache ban file downloaded; an issuer ban refused without its confirmation; and a token
// linked to an incident from the inspector (with its workflow; an unverified one only once
// confirmed, and without an ambiguous workflow guess); a time claim beyond any date shown as its
// number; the ban feed's delivery per site, as an admin and as the responder; and the main
// navigation's links for a responder and a site.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext } from "playwright-core";
import { type AppContext } from "../../src/app/context.js";
import { type Store } from "../../src/store/index.js";
import { chromiumSkip } from "../../src/test-support/chromium.js";
import {
  accessClaims,
  makeIssuer,
  sign,
  type TestIssuer,
} from "../../src/test-support/token-factory.js";
import { ARTIFACTS, e2eClose, e2eServe, e2eStore, type E2eServer } from "./e2e-app.js";
import { loginPage, type WatchedPage } from "./e2e-login.js";

const ISS = "https://iam.example.org/";
const AUD = "https://storage.example.org";
const RITA = { name: "rita", password: "rita-password-1" };
const SUB = "e1eb758b-b73c-4761-bfff-adc793da409c";
const OTHER_SUB = "seeded-other-sub";

const skip = chromiumSkip();

describe("respond screens in the browser", { skip }, () => {
  let store: Store;
  let ctx: AppContext;
  let browser: Browser;
  let page: WatchedPage;
  let token: string;
  let issuer: TestIssuer;
  let now: number;
  let base: string;
  let banId = "";
  const contexts: BrowserContext[] = [];
  let server: E2eServer | undefined;

  before(async () => {
    const e = await e2eStore({ example: true });
    store = e.store;
    ctx = e.ctx;
    const admin = e.admin;
    await ctx.accounts.addUser(admin, { ...RITA, role: "responder" });
    issuer = await makeIssuer("ES256", "k1", ISS);
    await ctx.issuers.add(admin, { iss: ISS, jwks: { keys: [issuer.jwk] }, audiences: [AUD] });
    await ctx.bans.create(admin, { kind: "identity", iss: ISS, sub: OTHER_SUB, reason: "seeded" });
    now = Math.floor(Date.now() / 1000);
    // 12 h: beyond the profile's 6 h maximum for access tokens, so lint has a finding.
    token = await sign(
      issuer,
      accessClaims(ISS, { iat: now, nbf: now - 60, exp: now + 12 * 3600 }),
    );
    server = await e2eServe(ctx, contexts);
    browser = server.browser;
    base = server.base;
    page = await loginPage(browser, base, RITA, "/inspect", { contexts });
  });
  after(async () => {
    await e2eClose(server, store);
  });

  /** Another user's page, in a browser context of its own. */
  const loginAs = (user: { name: string; password: string }, next: string) =>
    loginPage(browser, base, user, next, { contexts });

  /** Opens the inspector at `path`, pastes a token and waits for the signature's verdict. */
  async function inspectAt(path: string, t: string, verdict: string): Promise<void> {
    await page.goto(path);
    await page.getByTestId("inspect-token").fill(t);
    await page.getByTestId("inspect-submit").click();
    await page.getByTestId("inspect-verification").getByText(verdict).waitFor();
  }

  /** The token (or its signature) must be nowhere but the page's memory. */
  async function assertTokenNowhere(): Promise<void> {
    const signature = token.split(".")[2] ?? "";
    assert.equal(page.url().includes(token), false, "the token is not in the URL");
    assert.equal(page.url().includes(signature), false, "the signature is not in the URL");
    // A string expression: the test's tsconfig has no DOM types.
    const stored = await page.evaluate<string>(
      "JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })",
    );
    assert.equal(stored.includes(signature), false, "the token is not in browser storage");
  }

  it("inspects a pasted token: verified, a profile finding, its claims", async () => {
    await page.getByTestId("inspect-token").fill(token);
    await page.getByTestId("inspect-submit").click();
    const verification = page.getByTestId("inspect-verification");
    await verification.getByText("Signature verified").waitFor();
    assert.match((await verification.textContent()) ?? "", /k1/);
    assert.match(
      (await page.getByTestId("inspect-lint").textContent()) ?? "",
      /wlcg\.lifetime\.too-long/,
    );
    const claims = (await page.getByTestId("inspect-claims").textContent()) ?? "";
    assert.match(claims, new RegExp(SUB));
    assert.match(claims, /dteam-client/);
    await page.getByTestId("inspect-workflow").waitFor();
    assert.match((await page.getByTestId("inspect-bans").textContent()) ?? "", /Not banned/);
    await assertTokenNowhere();
    await page.screenshot({ path: join(ARTIFACTS, "respond-inspect.png"), fullPage: true });
  });

  it("bans the identity from the inspector's pre-filled form", async () => {
    await page.getByTestId("inspect-ban-identity").click();
    await page.waitForURL("**/bans/new?**");
    await assertTokenNowhere();
    assert.equal(await page.getByTestId("ban-kind-identity").isChecked(), true);
    assert.equal(await page.getByTestId("ban-iss").inputValue(), ISS);
    assert.equal(await page.getByTestId("ban-sub").inputValue(), SUB);
    await page.getByTestId("ban-reason").fill("token seen on a public paste site");
    await page.getByTestId("ban-submit").click();
    await page.waitForURL((u) => u.pathname === "/bans");
    await page.getByTestId("ban-created").waitFor();
    const rita = await ctx.accounts.localActor("rita");
    const ban = (await ctx.bans.list(rita)).find((b) => b.kind === "identity" && b.sub === SUB);
    assert.ok(ban, "the ban was stored");
    banId = ban.id;
    assert.match((await page.getByTestId(`ban-state-${banId}`).textContent()) ?? "", /active/);
  });

  it("lifts the ban, but only with a reason", async () => {
    assert.ok(banId, "the ban test ran first");
    await page.getByTestId(`ban-lift-${banId}`).click();
    await page.getByTestId("lift-ok").click();
    await page.getByText("Give a reason for lifting the ban.").waitFor();
    await page.getByTestId("lift-reason").fill("false alarm: the paste was a test token");
    await page.getByTestId("lift-ok").click();
    await page.getByTestId("ban-lifted").waitFor();
    await page.getByTestId(`ban-state-${banId}`).getByText("lifted").waitFor();
    const rita = await ctx.accounts.localActor("rita");
    assert.equal((await ctx.bans.get(rita, banId)).state, "lifted");
  });

  it("downloads the dCache ban file, and shows the responder the feed (no stream yet)", async () => {
    await page.getByTestId("export-format").selectOption("dcache");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-download").click(),
    ]);
    assert.equal(download.suggestedFilename(), "ban.conf");
    const content = readFileSync(await download.path(), "utf8");
    assert.match(content, /^# dCache gPlazma banfile/);
    assert.ok(content.includes(`ban oidc:${OTHER_SUB}@iam.example.org`), content);
    assert.equal(content.includes(`oidc:${SUB}@`), false, "the lifted ban is not in the file");
    const preview = (await page.getByTestId("export-content").textContent()) ?? "";
    assert.ok(preview.includes(`ban oidc:${OTHER_SUB}@`));
    await page.getByTestId("feed-empty").waitFor();
    assert.equal(await page.getByTestId("feed-note").count(), 0, "a responder reads the feed");
    await page.screenshot({ path: join(ARTIFACTS, "respond-bans.png"), fullPage: true });
  });

  it("refuses an issuer ban without its confirmation, and a time without a zone", async () => {
    await page.goto(`/bans/new?kind=issuer&iss=${encodeURIComponent(ISS)}`);
    assert.equal(await page.getByTestId("ban-kind-issuer").isChecked(), true);
    await page.getByTestId("ban-reason").fill("issuer compromised");
    await page.getByTestId("ban-expires").fill("2030-01-01 12:00");
    await page.getByTestId("ban-submit").click();
    const errors = page.getByTestId("ban-form-errors");
    await errors.getByText(/Tick the confirmation/).waitFor();
    assert.match((await errors.textContent()) ?? "", /Expires must be an ISO 8601 time/);
    assert.equal(new URL(page.url()).pathname, "/bans/new");
    await page.screenshot({ path: join(ARTIFACTS, "respond-new-ban.png"), fullPage: true });
    const rita = await ctx.accounts.localActor("rita");
    assert.equal((await ctx.bans.list(rita, { kind: "issuer" })).length, 0);
  });

  it("links the inspected token's claims to an incident", async () => {
    const rita = await ctx.accounts.localActor("rita");
    const incident = await ctx.incidents.create(rita, { title: "Leaked token", tlp: "AMBER" });
    await inspectAt(`/inspect?incident=${incident.id}`, token, "Signature verified");
    const href = await page.getByTestId("inspect-ban-token").getAttribute("href");
    assert.match(href ?? "", new RegExp(`incident=${incident.id}`));
    assert.match(href ?? "", /expires=/);
    assert.equal(await page.getByTestId("inspect-link-workflow-select").inputValue(), "a");
    assert.match(
      (await page.getByTestId("inspect-link-workflow").textContent()) ?? "",
      /The likely workflow below \(a\)/,
    );
    assert.equal(await page.getByTestId("inspect-link-confirm").count(), 0, "verified: no tick");
    const linkButton = page.getByTestId("inspect-link-incident");
    assert.equal((await linkButton.textContent())?.includes("UNVERIFIED"), false);
    assert.equal(await linkButton.isEnabled(), true);
    await linkButton.click();
    await page.getByTestId("inspect-linked").waitFor();
    const view = await ctx.incidents.get(rita, incident.id);
    assert.equal(view.tokens.length, 1);
    assert.equal(view.tokens[0]?.workflow, "a");
    assert.equal(JSON.stringify(view).includes(token.split(".")[2] ?? "-"), false);
    await page.getByTestId("inspect-clear").click();
    assert.equal(await page.getByTestId("inspect-token").inputValue(), "");
    await assertTokenNowhere();
    assert.deepEqual(page.problems, []);
  });

  it("adds an unverified token only once confirmed, without an ambiguous workflow", async () => {
    const rita = await ctx.accounts.localActor("rita");
    const incident = await ctx.incidents.create(rita, { title: "Forged token?", tlp: "AMBER" });
    // Signed by a key the issuer never published; 12 h over the whole area: workflows a and c
    // score alike, so the guess is ambiguous.
    const stranger = await makeIssuer("ES256", "not-published", ISS);
    const forged = await sign(
      stranger,
      accessClaims(ISS, {
        iat: now,
        nbf: now - 60,
        exp: now + 12 * 3600,
        scope: "storage.read:/",
        jti: "forged-jti",
      }),
    );
    await inspectAt(`/inspect?incident=${incident.id}`, forged, "Signature not verified");
    assert.equal(await page.getByTestId("inspect-link-workflow-select").inputValue(), "");
    assert.match(
      (await page.getByTestId("inspect-link-workflow").textContent()) ?? "",
      /The guess is ambiguous/,
    );
    const linkButton = page.getByTestId("inspect-link-incident");
    assert.match((await linkButton.textContent()) ?? "", /Add this UNVERIFIED token/);
    assert.equal(await linkButton.isEnabled(), false, "disabled until confirmed");
    await page.getByText(/its claims may be forged/).waitFor();
    await page.getByTestId("inspect-link-confirm").check();
    assert.equal(await linkButton.isEnabled(), true);
    await linkButton.click();
    await page.getByTestId("inspect-linked").waitFor();
    const view = await ctx.incidents.get(rita, incident.id);
    assert.equal(view.tokens.length, 1);
    assert.equal(view.tokens[0]?.jti, "forged-jti");
    assert.equal(view.tokens[0]?.workflow, null, "an ambiguous guess is not recorded");
    await page.getByTestId("inspect-clear").click();
    assert.deepEqual(page.problems, []);
  });

  it("shows a time claim beyond any date as its number, without a page error", async () => {
    const far = await sign(issuer, accessClaims(ISS, { iat: now, nbf: now - 60, exp: 1e15 }));
    await inspectAt("/inspect", far, "Signature verified");
    const exp = page.getByTestId("inspect-claims").getByRole("row", { name: /^exp\b/ });
    assert.match(
      (await exp.textContent()) ?? "",
      /^exp1000000000000000 — \(not a representable date\)$/,
    );
    await page.getByTestId("inspect-clear").click();
    assert.deepEqual(page.problems, []);
  });

  it("shows an admin and the responder each site's feed stream with its delivery", async () => {
    const admin = await ctx.accounts.localActor("admin");
    await ctx.accounts.addUser(admin, {
      name: "cern-prod",
      password: "site-password-1",
      role: "site",
    });
    const site = await ctx.accounts.localActor("cern-prod");
    const stream = await ctx.feed.streams.create(site, { description: "CERN-PROD dCache agent" });
    const adminPage = await loginAs({ name: "admin", password: "admin-password-1" }, "/bans");
    const table = adminPage.getByTestId("feed-streams");
    await table.getByText(stream.stream_id, { exact: true }).waitFor();
    const text = (await table.textContent()) ?? "";
    assert.match(text, /cern-prod/);
    assert.match(text, /CERN-PROD dCache agent/);
    assert.match(text, /poll/);
    assert.match(text, /enabled/);
    await table.screenshot({ path: join(ARTIFACTS, "respond-feed.png") });
    assert.deepEqual(adminPage.problems, []);

    // The responder who makes the bans sees the same table, the site named by its account.
    await page.goto("/bans");
    const ritaTable = page.getByTestId("feed-streams");
    const row = ritaTable.getByRole("row").filter({ hasText: stream.stream_id });
    await row.waitFor();
    const header = (await row.getByRole("rowheader").textContent()) ?? "";
    assert.match(header, new RegExp(`^cern-prod${stream.stream_id}`), "the owner, then the id");
    assert.match((await row.textContent()) ?? "", /poll.*enabled/);
    assert.equal(await page.getByTestId("feed-note").count(), 0);
    assert.deepEqual(page.problems, []);
  });

  it("shows each role only the links of the main navigation it may use", async () => {
    const links = async (p: WatchedPage) =>
      p.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents();
    assert.deepEqual(await links(page), [
      "Assessments",
      "Handbook",
      "Incidents",
      "Inspect",
      "Bans",
      "Trace",
      "Alerts",
    ]);
    const sitePage = await loginAs({ name: "cern-prod", password: "site-password-1" }, "/inspect");
    assert.deepEqual(await links(sitePage), ["Assessments", "Handbook", "Inspect", "Bans"]);
    assert.deepEqual(sitePage.problems, []);
  });
});
