// A whole token incident in headless Chromium, on the `ttt gen-logs --compromise` scenario: the
// first day's logs are already ingested when a responder opens an incident, pastes the stolen
// refresh token into the inspector and links it to the case, bans its subject from the morning
// of the second day, uploads the second day's log folder (the attacker's use raises alerts),
// traces the token with its derived tokens, saves the trace and stars an event, ticks a playbook
// step, writes the lessons learned, resolves the case and downloads the report — whose contents,
// like the action log, hold every one of those steps.
import assert from "node:assert/strict";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import type { Browser, BrowserContext } from "playwright-core";
import { type AppContext } from "../../src/app/context.js";
import { type Store } from "../../src/store/index.js";
import { chromiumSkip } from "../../src/test-support/chromium.js";
import { makeIssuer, sign } from "../../src/test-support/token-factory.js";
import { generateLogs } from "../../src/trace/gen/gen-logs.service.js";
import { parseGenLogsOptions } from "../../src/trace/gen/gen-logs.schema.js";
import { fileSources } from "../../src/trace/ingest/log-source.js";
import { ARTIFACTS, e2eClose, e2eServe, e2eStore, type E2eServer } from "./e2e-app.js";
import { loginPage, type WatchedPage } from "./e2e-login.js";

const RITA = { name: "rita", password: "rita-password-1" };
const DAY2 = ["2024-09-03", "2024.09.03", "20240903"];

interface Truth {
  stolen: { iss: string; sub: string; jti: string };
  foreignIp: string;
  tokens: { jti: string; parent: string | null }[];
}

/** Copies the files of `gen` into `day1` or `day2` by the date in their names (folders kept). */
function splitDays(gen: string, day1: string, day2: string): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  for (const f of walk(gen)) {
    const rel = relative(gen, f);
    if (rel === "ground-truth.json") continue;
    const to = join(DAY2.some((d) => rel.includes(d)) ? day2 : day1, rel);
    mkdirSync(join(to, ".."), { recursive: true });
    cpSync(f, to);
  }
}

const skip = chromiumSkip();

describe(
  "a token incident in the browser, from a pasted token to the closure report",
  { skip },
  () => {
    let dir: string;
    let store: Store;
    let ctx: AppContext;
    let browser: Browser;
    let page: WatchedPage;
    let truth: Truth;
    let token: string;
    let incidentUrl: string;
    const contexts: BrowserContext[] = [];
    let server: E2eServer | undefined;
    /** Every request the page made: the token may only ever travel in the inspection's body. */
    const requests: { url: string; body: string }[] = [];

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "ttt-e2e-incident-"));
      const gen = join(dir, "gen");
      await generateLogs(
        parseGenLogsOptions({ out: gen, sites: 2, days: 2, users: 12, seed: 5, compromise: true }),
      );
      truth = JSON.parse(readFileSync(join(gen, "ground-truth.json"), "utf8")) as Truth;
      splitDays(gen, join(dir, "day1"), join(dir, "day2"));

      const e = await e2eStore({ example: true });
      store = e.store;
      ctx = e.ctx;
      const admin = e.admin;
      await ctx.accounts.addUser(admin, { ...RITA, role: "responder" });
      // The issuer of the scenario, trusted with a static key; the stolen refresh token as the
      // victim reported it (its claims are the scenario's).
      const issuer = await makeIssuer("ES256", "e2e-1", truth.stolen.iss);
      await ctx.issuers.add(admin, { iss: truth.stolen.iss, jwks: { keys: [issuer.jwk] } });
      const now = Math.floor(Date.now() / 1000);
      token = await sign(issuer, {
        iss: truth.stolen.iss,
        sub: truth.stolen.sub,
        jti: truth.stolen.jti,
        iat: now,
        exp: now + 30 * 86_400,
        scope: "openid offline_access",
      });
      // What the site had ingested before the incident: the first day.
      const s = await ctx.ingest.ingest(admin, await fileSources([join(dir, "day1")], "auto"), {
        origin: "test",
      });
      assert.equal(s.bad, 0);

      server = await e2eServe(ctx, contexts);
      browser = server.browser;
      const base = server.base;
      page = await loginPage(browser, base, RITA, "/incidents", { contexts });
      page.on("request", (r) => requests.push({ url: r.url(), body: r.postData() ?? "" }));
    });
    after(async () => {
      await e2eClose(server, store);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("opens an incident", async () => {
      await page.getByTestId("incident-new").click();
      await page.getByTestId("incident-title").fill("Stolen refresh token of a notebook user");
      await page.getByTestId("incident-tlp").selectOption("AMBER");
      await page.getByTestId("incident-create").click();
      await page.waitForURL(/\/incidents\/inc_/);
      incidentUrl = new URL(page.url()).pathname;
      await page.getByTestId("incident-heading").waitFor();
      assert.equal(await page.getByTestId("tlp").first().textContent(), "TLP:AMBER");
    });

    it("pastes the stolen token into the inspector and links it to the incident", async () => {
      await page.getByTestId("incident-inspect").click();
      await page.waitForURL(/\/inspect\?incident=inc_/);
      await page.getByTestId("inspect-token").fill(token);
      await page.getByTestId("inspect-submit").click();
      await page.getByTestId("inspect-verification").waitFor();
      assert.match(
        (await page.getByTestId("inspect-verification").textContent()) ?? "",
        /verified/i,
      );
      assert.ok(!page.url().includes(token.slice(0, 20)), "the token never goes into the URL");
      // A notebook's refresh token that FTS exchanges and refreshes: the responder records
      // workflow b, whose playbook then shows on the incident.
      await page.getByTestId("inspect-link-workflow-select").selectOption("b");
      await page.getByTestId("inspect-link-incident").click();
      await page.getByTestId("inspect-linked").waitFor();
    });

    it("bans the token's subject from the morning of the second day, linked to the incident", async () => {
      await page.getByTestId("inspect-ban-identity").click();
      await page.waitForURL(/\/bans\/new\?/);
      assert.equal(await page.getByTestId("ban-sub").inputValue(), truth.stolen.sub);
      assert.equal(await page.getByTestId("ban-iss").inputValue(), truth.stolen.iss);
      assert.ok((await page.getByTestId("ban-incident").inputValue()).startsWith("inc_"));
      // The scenario replays 2024: the ban starts when the responder would have made it.
      await page.getByTestId("ban-starts").fill("2024-09-03T00:00:00Z");
      await page.getByTestId("ban-reason").fill("refresh token stolen from a notebook");
      await page.getByTestId("ban-submit").click();
      await page.waitForURL(`**${incidentUrl}`);
      const bans = page.getByTestId("incident-bans");
      await bans.waitFor();
      assert.match((await bans.textContent()) ?? "", new RegExp(`sub ${truth.stolen.sub}`));
    });

    it("ingests the next day's logs folder for the incident: the attacker's use raises alerts", async () => {
      await page.getByTestId("ingest-folder").setInputFiles(join(dir, "day2"));
      // A zone that does not exist is refused before anything is read, naming what to give.
      await page.getByTestId("ingest-tz").fill("Mars/Olympus");
      await page.getByTestId("ingest-submit").click();
      await page
        .getByRole("alert")
        .getByText(/IANA time zone/)
        .first()
        .waitFor();
      // The generated logs write their local times in UTC.
      await page.getByTestId("ingest-tz").fill("UTC");
      await page.getByTestId("ingest-submit").click();
      const result = page.getByTestId("ingest-result");
      await page
        .getByTestId("ingest-submit")
        .filter({ hasText: /^Ingest 0 file/ })
        .waitFor({
          timeout: 60_000,
        });
      const text = (await result.textContent()) ?? "";
      const m = /(\d+) new events, 0 bad lines, 0 already ingested, (\d+) alerts/.exec(text);
      assert.ok(m !== null, text);
      assert.ok(Number(m[1]) > 0 && Number(m[2]) > 0, text);
      await page.getByTestId("incident-alert").first().waitFor();
      await page.getByRole("button", { name: /^Show all \d+ listed$/ }).click();
      const alerts = await page.getByTestId("incident-alerts").textContent();
      assert.ok(alerts?.includes(truth.foreignIp), "an alert from the attacker's address");
    });

    it("traces the token with its derived tokens, saves the trace and stars an event", async () => {
      await page.getByTestId("incident-trace-token").click();
      await page.waitForURL(/\/trace\?.*withDerived=true.*incident=inc_/);
      await page.getByTestId("lineage-graph").waitFor();
      const jtis = await page
        .getByTestId("lineage-token")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-jti")));
      assert.deepEqual(
        [...jtis].sort(),
        truth.tokens.map((t) => t.jti).sort(),
        "the stolen token and every token derived from it",
      );
      await page.getByTestId("trace-save-incident").click();
      await page.getByTestId("trace-saved").waitFor();
      const proven = page.locator('[data-testid="timeline-row"][data-confidence="proven"]');
      await proven.first().getByTestId("timeline-star").click();
      await page.getByTestId("timeline-star-note").fill("first use of the stolen token");
      await page.getByTestId("timeline-star-submit").click();
      await page.locator('[data-testid="timeline-row"][data-starred="true"]').first().waitFor();
    });

    it("ticks a playbook step, writes the lessons learned and resolves the case", async () => {
      await page.goto(incidentUrl);
      const command = (await page.getByTestId("playbook-command").first().textContent()) ?? "";
      assert.ok(command.includes(`--jti ${truth.stolen.jti}`), command);
      assert.ok(!command.includes("<incident>"), `the incident is filled in: ${command}`);
      const step = page.getByTestId("playbook-step").first();
      // the box stays unticked until the server has logged the step
      await step.locator('input[type="checkbox"]').click();
      await page.locator('[data-testid="playbook-step"][data-done="true"]').first().waitFor();
      await page
        .getByTestId("lessons-text")
        .fill("Notebook refresh tokens need a shorter lifetime.");
      await page.getByTestId("lessons-save").click();
      await page.locator('[data-testid="action"][data-kind="lessons"]').waitFor();
      await page.getByTestId("incident-move-resolved").click();
      await page.getByTestId("state-move-note").fill("account suspended, tokens revoked");
      await page.getByTestId("state-move-ok").click();
      await page.getByTestId("clock-closure-done").click();
      await page.locator('[data-testid="action"][data-kind="closure-report"]').waitFor();
    });

    it("shows the stolen token's subject among the affected identities", async () => {
      const affected = (await page.getByTestId("incident-affected").textContent()) ?? "";
      assert.ok(affected.includes(truth.stolen.sub), affected);
      await page.getByTestId("affected-edit").click();
      await page.getByTestId("affected-sites").fill("site-01, site-02");
      await page.getByTestId("affected-save").click();
      await page.locator('[data-testid="action"][data-kind="affected"]').waitFor();
    });

    it("downloads the incident report with every step in it", async () => {
      const [md] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("export-md").click(),
      ]);
      const file = join(ARTIFACTS, "incident-report.md");
      await md.saveAs(file);
      const text = readFileSync(file, "utf8");
      assert.match(text, /^\*\*TLP:AMBER/);
      assert.ok(text.includes("Stolen refresh token of a notebook user"));
      for (const t of truth.tokens) assert.ok(text.includes(t.jti), `token ${t.jti} in the report`);
      assert.ok(text.includes(truth.foreignIp), "the attacker's address in the timeline");
      assert.ok(text.includes(`sub ${truth.stolen.sub}`), "the ban");
      assert.ok(text.includes("first use of the stolen token"), "the starred event's note");
      assert.ok(
        text.includes("Notebook refresh tokens need a shorter lifetime."),
        "the lessons learned",
      );
      const [pdf] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("export-pdf").click(),
      ]);
      const pdfFile = join(ARTIFACTS, "incident-report.pdf");
      await pdf.saveAs(pdfFile);
      assert.equal(readFileSync(pdfFile).subarray(0, 5).toString(), "%PDF-");
    });

    it("downloads the timeline, the MISP event and the heads-up e-mail", async () => {
      const get = async (format: string): Promise<string> => {
        const [d] = await Promise.all([
          page.waitForEvent("download"),
          page.getByTestId(`export-${format}`).click(),
        ]);
        const file = join(ARTIFACTS, `incident-export.${format}`);
        await d.saveAs(file);
        return readFileSync(file, "utf8");
      };
      const csv = await get("csv");
      assert.match(csv, /^time,/);
      assert.ok(csv.includes(truth.foreignIp));
      const json = JSON.parse(await get("json")) as { incident: { id: string } };
      assert.ok(incidentUrl.endsWith(json.incident.id));
      const sketch = (await get("timesketch")).trim().split("\n");
      assert.ok(sketch.every((l) => "timestamp" in (JSON.parse(l) as object)));
      const misp = await get("misp");
      assert.ok(misp.includes('"tlp:amber"') && misp.includes(truth.stolen.jti));
      const mail = await get("email");
      assert.match(mail, /^Subject: \[TLP:AMBER\] Security incident inc_/);
    });

    it("the action log holds every step, and the browser saw no error", async () => {
      await page.reload();
      await page.getByTestId("action-log").waitFor();
      const kinds = await page
        .getByTestId("action")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
      for (const k of [
        "created",
        "token",
        "ban",
        "ingest",
        "trace",
        "star",
        "playbook",
        "lessons",
        "state",
        "closure-report",
        "affected",
        "export",
      ])
        assert.ok(kinds.includes(k), `the action log has a "${k}" line: ${kinds.join(", ")}`);
      // The token travelled once, in the inspection's body, and is stored nowhere.
      const signature = token.split(".")[2]!;
      const carrying = requests.filter(
        (r) => r.url.includes(signature) || r.body.includes(signature),
      );
      assert.deepEqual(
        carrying.map((r) => new URL(r.url).pathname),
        ["/api/v1/tokens/inspect"],
      );
      const tables = await sql<{ name: string }>`
        select name from sqlite_master where type = 'table'`.execute(store.db);
      assert.ok(tables.rows.length > 10);
      for (const { name } of tables.rows) {
        const rows = await sql`select * from ${sql.table(name)}`.execute(store.db);
        assert.ok(!JSON.stringify(rows.rows).includes(signature), `the token is not in ${name}`);
      }
      await page.screenshot({ path: join(ARTIFACTS, "incident.png"), fullPage: true });
      await page.screenshot({ path: join(ARTIFACTS, "incident-top.png") });
      assert.deepEqual(page.problems, []);
    });
  },
);
