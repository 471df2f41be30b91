// Every ban-file format against a reviewed golden file, byte for byte (UPDATE_GOLDEN=1 rewrites
// them: review the diff before committing). The fixture has every kind, site-limited, pending,
// lifted and expired bans; the assertions below the comparison pin the facts that matter.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { EXPORT_FORMATS, renderBanFile, type ExportFormat } from "./index.js";
import { GOLDEN_BANS, GOLDEN_OPTIONS, ISS_A, NOW } from "./golden.fixture.js";

const DIR = join(import.meta.dirname, "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function render(format: ExportFormat, extra: Record<string, unknown> = {}) {
  const issuer = format === "xrootd" ? { issuer: ISS_A } : {};
  return renderBanFile(format, GOLDEN_BANS, { now: NOW, ...GOLDEN_OPTIONS, ...issuer, ...extra });
}

function compare(name: string, content: string): void {
  const file = join(DIR, `${name}.golden`);
  if (UPDATE) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, content);
    console.log(`# UPDATE_GOLDEN=1: rewrote ${file} — review it before committing`);
    return;
  }
  assert.ok(existsSync(file), `${file} is missing: run the test with UPDATE_GOLDEN=1`);
  const expected = readFileSync(file, "utf8");
  if (content === expected) return;
  const a = content.split("\n");
  const b = expected.split("\n");
  const line = a.findIndex((l, i) => l !== b[i]);
  assert.fail(
    `${name} differs from ${file} at line ${line + 1}:\n  got:      ${a[line]}\n  expected: ${b[line]}\n(if intended: UPDATE_GOLDEN=1, then review the file)`,
  );
}

describe("ban files: golden output", () => {
  for (const format of EXPORT_FORMATS) {
    it(`${format} matches its golden file`, () => compare(format, render(format).content));
  }
  it("dcache and json for one site match their golden files", () => {
    compare("dcache.CERN-PROD", render("dcache", { site: "CERN-PROD" }).content);
    compare("json.CERN-PROD", render("json", { site: "CERN-PROD" }).content);
  });

  it("renders the same bytes whatever the input order", () => {
    const shuffled = [...GOLDEN_BANS].reverse();
    for (const format of EXPORT_FORMATS) {
      const issuer = format === "xrootd" ? { issuer: ISS_A } : {};
      const again = renderBanFile(format, shuffled, { now: NOW, ...GOLDEN_OPTIONS, ...issuer });
      assert.equal(again.content, render(format).content, format);
    }
  });

  it("never writes lifted or expired bans, in any format", () => {
    for (const format of EXPORT_FORMATS) {
      const r = render(format);
      assert.ok(!r.covered.includes("ban_lifted") && !r.covered.includes("ban_expired"), format);
      // Scripts that only add bans undo the lifted identity ban; every other file never names it.
      const undoes = format === "fts" || format === "eos";
      assert.deepEqual(r.undone, undoes ? ["ban_lifted"] : [], format);
      const rest = undoes ? r.content.replace(/^# ended: .*\n.*unban.*$/m, "") : r.content;
      assert.doesNotMatch(rest, /ban_lifted|lifted-subject|rroe|ban_expired|expired-jti/, format);
    }
  });

  it("dcache warns of aliases derived from the host, and of issuers that share one", () => {
    assert.deepEqual(render("dcache").warnings, [
      "the alias @cms-auth.example.ch for https://cms-auth.example.ch/ is derived from its host: check it against gplazma.oidc.provider!<alias> in gplazma.conf, or give it (dcache.ops); a wrong alias bans nobody",
    ]);
    assert.deepEqual(render("fts").warnings, []);
    const base = GOLDEN_BANS.find((b) => b.id === "ban_identity")!;
    const two = [
      { ...base, id: "ban_ligo", iss: "https://cilogon.org/ligo" },
      { ...base, id: "ban_igwn", iss: "https://cilogon.org/igwn" },
    ];
    const shared = renderBanFile("dcache", two, { now: NOW });
    assert.equal(shared.warnings.length, 1);
    assert.match(
      shared.warnings[0] ?? "",
      /cilogon\.org\/igwn, https:\/\/cilogon\.org\/ligo all became @cilogon\.org/,
    );
    const given = renderBanFile("dcache", two, {
      now: NOW,
      dcache: { ops: { "https://cilogon.org/ligo": "ligo", "https://cilogon.org/igwn": "igwn" } },
    });
    assert.deepEqual(given.warnings, []);
  });

  it("scripts that only add bans undo those that ended in the last 30 days", () => {
    const sub = (s: string) => ({ kind: "identity" as const, sub: s });
    const base = GOLDEN_BANS.find((b) => b.id === "ban_identity")!;
    const ended = [
      {
        ...base,
        ...sub("expired-10-days-ago"),
        id: "ban_e10",
        expiresAt: "2026-02-19T09:00:00.000Z",
        startsAt: "2026-02-01T00:00:00.000Z",
      },
      {
        ...base,
        ...sub("expired-40-days-ago"),
        id: "ban_e40",
        expiresAt: "2026-01-20T09:00:00.000Z",
        startsAt: "2026-01-01T00:00:00.000Z",
      },
      // lifted, but the same sub is banned again under another issuer: FTS keeps the bare sub
      {
        ...base,
        id: "ban_again",
        state: "lifted" as const,
        liftedAt: "2026-02-25T00:00:00.000Z",
        liftedBy: "r",
        liftReason: "x",
        iss: "https://other.example.org/",
      },
      // lifted before it started: it never denied anything
      {
        ...base,
        ...sub("never-started"),
        id: "ban_never",
        startsAt: "2026-03-05T00:00:00.000Z",
        state: "lifted" as const,
        liftedAt: "2026-02-28T00:00:00.000Z",
        liftedBy: "r",
        liftReason: "x",
      },
    ];
    const fts = renderBanFile("fts", [...GOLDEN_BANS, ...ended], { now: NOW });
    assert.deepEqual(fts.undone, ["ban_e10", "ban_lifted"]);
    assert.match(
      fts.content,
      /^fts-rest-ban -s "\$FTS_ENDPOINT" --user='expired-10-days-ago' --unban \|\| status=1$/m,
    );
    assert.match(fts.content, /# ended: ban ban_e10 .*expired at "2026-02-19T09:00:00.000Z"/);
    assert.doesNotMatch(
      fts.content,
      /expired-40-days-ago|never-started|--user='a1b2c3d4-0000-4000-8000-000000000001' --unban/,
    );
    // An undo comes before the bans, so a sub both lifted and banned again ends up banned.
    assert.ok(fts.content.indexOf("--unban") < fts.content.indexOf("# ban ban_identity"));
    // A file for one issuer does not unban a sub another issuer still bans (FTS keeps the bare sub).
    const other = {
      ...base,
      id: "ban_other_iss",
      iss: "https://other.example.org/",
      sub: "lifted-subject",
    };
    const forA = renderBanFile("fts", [...GOLDEN_BANS, other], { now: NOW, issuer: ISS_A });
    assert.deepEqual(forA.undone, []);
    assert.deepEqual(renderBanFile("fts", GOLDEN_BANS, { now: NOW, issuer: ISS_A }).undone, [
      "ban_lifted",
    ]);
    // EOS undoes only identities with a known account.
    const eos = renderBanFile("eos", [...GOLDEN_BANS, ...ended], { now: NOW, eos: { users: [] } });
    assert.deepEqual(eos.undone, []);
  });

  it("names every ban it covers, and lists pending and unenforceable ones", () => {
    for (const format of EXPORT_FORMATS) {
      const r = render(format);
      for (const id of [...r.covered, ...r.pending, ...r.unenforceable.map((u) => u.banId)])
        assert.ok(r.content.includes(id), `${format} does not name ${id}`);
      assert.match(r.content, /generated by TTT/, format);
      assert.match(r.content, /2026-03-01T09:00:00\.000Z/, format);
    }
  });

  it("writes what each middleware can enforce and says why for the rest", () => {
    const dc = render("dcache");
    assert.deepEqual(dc.covered, [
      "ban_identity_cern",
      "ban_token",
      "ban_identity",
      "ban_desy_only",
    ]);
    assert.deepEqual(dc.pending, ["ban_pending"]);
    assert.match(dc.content, /^ban jti:3f1c9e2a-7b4d-4c1e-9a55-0d2f6b8e1a77@iam$/m);
    assert.match(
      dc.content,
      /^ban oidc:e83eec5a-e2e3-43c6-bb67-df8f5ec3e8d0@cms-auth\.example\.ch$/m,
    );
    assert.match(dc.content, /issue 7947/);
    const reasons = Object.fromEntries(dc.unenforceable.map((u) => [u.banId, u.reason]));
    assert.match(reasons.ban_before ?? "", /iat/);
    assert.match(reasons.ban_client ?? "", /condor-plugin/);

    const json = render("json");
    assert.equal(json.covered.length, 9, "json: every active and pending ban");
    assert.deepEqual(json.unenforceable, []);
    const condor = render("condor");
    assert.deepEqual(condor.unenforceable, []);
    assert.match(
      condor.content,
      /^SCITOKENS \/\^https:\\\/\\\/iam\\\.example\\\.org\\\/,\/ PLUGIN:TTT$/m,
    );
    assert.match(
      condor.content,
      /SEC_SCITOKENS_PLUGIN_TTT_COMMAND = \/usr\/bin\/ttt condor-plugin/,
    );

    const eos = render("eos");
    assert.match(eos.content, /^eos access ban user jdoe \|\| status=1$/m);
    assert.ok(
      eos.unenforceable.some((u) => u.banId === "ban_desy_only" && /eos\.users/.test(u.reason)),
    );
  });

  it("xrootd writes a JSON list XrdSciTokens can parse, header rules ignored", () => {
    const rules = JSON.parse(render("xrootd").content) as Record<string, unknown>[];
    for (const r of rules) {
      assert.ok(typeof r.ignore === "string" || typeof r.result === "string", JSON.stringify(r));
      for (const k of ["sub", "group", "path", "result"])
        assert.ok(r[k] === undefined || typeof r[k] === "string", k);
    }
    assert.deepEqual(
      rules.filter((r) => r.ignore === undefined).map((r) => r.sub ?? r.group),
      [
        "a1b2c3d4-0000-4000-8000-000000000001",
        "a1b2c3d4-0000-4000-8000-000000000004",
        "/atlas/compromised",
      ],
    );
  });
});
