import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ValidationError } from "../core/errors.js";
import { makeBan } from "../test-support/ban-factory.js";
import { parseBanFile, renderBanFile } from "./export/index.js";
import {
  BanKeyString,
  CreateBanBody,
  LiftBanBody,
  issuerProblem,
  parseCreateBan,
  toBan,
} from "./ban.schema.js";

const ISS = "https://iam.example.org/";
const base = { iss: ISS, reason: "token leaked in a public repository" };

/** The [path, message] pairs a body is refused with. */
function problems(body: unknown): [string, string][] {
  try {
    parseCreateBan(body);
  } catch (e) {
    assert.ok(e instanceof ValidationError);
    return e.issues.map((i) => [i.path, i.message]);
  }
  assert.fail("expected a ValidationError");
}

describe("CreateBanBody", () => {
  it("accepts each kind with its own key and defaults sites to all", () => {
    const bodies = [
      { kind: "token", jti: "9f1c…" },
      { kind: "identity", sub: "e2b3" },
      { kind: "identity-before", sub: "e2b3", issuedBefore: "2026-03-01T12:00:00Z" },
      { kind: "client", clientId: "fts-client" },
      { kind: "group", group: "/atlas/production", confirmBroad: true },
      { kind: "issuer", confirmBroad: true },
    ];
    for (const b of bodies) {
      const parsed = parseCreateBan({ ...b, ...base });
      assert.equal(parsed.kind, b.kind);
      assert.equal(parsed.sites, "all");
    }
  });

  it("requires each kind's key field, named", () => {
    assert.deepEqual(problems({ kind: "token", ...base }), [["body.jti", "required"]]);
    assert.deepEqual(problems({ kind: "identity", ...base }), [["body.sub", "required"]]);
    assert.deepEqual(problems({ kind: "identity-before", sub: "s", ...base }), [
      ["body.issuedBefore", "required"],
    ]);
    assert.deepEqual(problems({ kind: "client", ...base }), [["body.clientId", "required"]]);
    assert.deepEqual(problems({ kind: "identity", sub: "s" }), [
      ["body.iss", "required"],
      ["body.reason", "required"],
    ]);
  });

  it("refuses keys of another kind and unknown kinds", () => {
    assert.deepEqual(problems({ kind: "token", jti: "j", sub: "s", ...base }), [
      ["body", 'Unrecognized key: "sub"'],
    ]);
    assert.equal(problems({ kind: "everything", ...base })[0]?.[0], "body.kind");
  });

  it("requires confirmBroad: true on group and issuer bans, saying why", () => {
    for (const kind of ["group", "issuer"]) {
      for (const confirmBroad of [undefined, false, "true", 1]) {
        const [issue, ...more] = problems({ kind, group: "/atlas", confirmBroad, ...base }).filter(
          ([p]) => p !== "body", // the issuer kind has no group field
        );
        assert.equal(issue?.[0], "body.confirmBroad", `${kind} ${String(confirmBroad)}`);
        assert.match(issue[1], /set confirmBroad to true to confirm/);
        assert.deepEqual(more, []);
      }
    }
    assert.match(problems({ kind: "issuer", ...base })[0]![1], /whole issuer/);
    // Narrow kinds may send it (a client that always does), it changes nothing.
    assert.equal(
      parseCreateBan({ kind: "token", jti: "j", confirmBroad: true, ...base }).kind,
      "token",
    );
  });

  it("accepts https issuers, and http only for localhost", () => {
    for (const ok of [
      ISS,
      "https://iam.example.org",
      "http://localhost:8080/",
      "http://127.0.0.1/",
      "http://[::1]:9/x",
    ]) {
      assert.equal(issuerProblem(ok), null, ok);
    }
    const cases: [string, RegExp][] = [
      ["http://iam.example.org/", /https/],
      ["ftp://iam.example.org/", /https/],
      ["iam.example.org", /absolute URL/],
      ["https://iam.example.org/?a=1", /query or fragment/],
      ["https://iam.example.org/#x", /query or fragment/],
      ["https://user:pw@iam.example.org/", /credentials/],
      [" https://iam.example.org/", /white space/],
    ];
    for (const [iss, why] of cases) assert.match(issuerProblem(iss) ?? "", why, iss);
    assert.deepEqual(
      problems({ kind: "issuer", confirmBroad: true, ...base, iss: "http://x.org/" }),
      [["body.iss", "must be an https URL (http only for localhost)"]],
    );
  });

  it("keeps the issuer exactly as given: a trailing slash is a different issuer", () => {
    const a = parseCreateBan({ kind: "token", jti: "j", ...base, iss: "https://iam.example.org" });
    assert.equal(a.iss, "https://iam.example.org");
  });

  it("bounds keys and refuses control characters", () => {
    const long = "x".repeat(1025);
    assert.equal(parseCreateBan({ kind: "token", jti: "x".repeat(1024), ...base }).kind, "token");
    assert.equal(problems({ kind: "token", jti: long, ...base })[0]?.[0], "body.jti");
    assert.deepEqual(problems({ kind: "token", jti: "", ...base }), [
      ["body.jti", "must not be empty"],
    ]);
    for (const bad of ["a\nb", "a\u0000", "\u007f", "x\u0085y", "\t"]) {
      assert.deepEqual(problems({ kind: "identity", sub: bad, ...base }), [
        ["body.sub", "must not contain control characters"],
      ]);
    }
    assert.deepEqual(problems({ kind: "token", jti: "j", ...base, reason: "two\nlines" }), [
      ["body.reason", "must be a single line"],
    ]);
  });

  it("refuses a pasted bearer token in a key, the reason, the incident or a lift reason", () => {
    const jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz";
    const said = "looks like a bearer token (JWT): give its jti or sub, never the token itself";
    assert.deepEqual(problems({ kind: "token", jti: jwt, ...base }), [["body.jti", said]]);
    assert.deepEqual(problems({ kind: "identity", sub: `x ${jwt}`, ...base }), [
      ["body.sub", said],
    ]);
    assert.deepEqual(problems({ kind: "token", jti: "j", ...base, reason: `leaked: ${jwt}` }), [
      ["body.reason", said],
    ]);
    assert.deepEqual(problems({ kind: "token", jti: "j", ...base, incident: jwt }), [
      ["body.incident", said],
    ]);
    assert.equal(LiftBanBody.safeParse({ reason: `rotated ${jwt}` }).success, false);
    // Only new bans: a ban stored before this rule still loads from a ban file (the condor
    // plugin would otherwise refuse the whole file, and so every token).
    assert.equal(BanKeyString.safeParse(jwt).success, true);
    const old = makeBan({ kind: "token", jti: jwt });
    const file = renderBanFile("json", [old], { now: new Date("2026-03-01T00:00:00Z") });
    assert.deepEqual(
      parseBanFile(JSON.parse(file.content)).bans.map((b) => (b.kind === "token" ? b.jti : "")),
      [jwt],
    );
    // Unsigned too (an empty signature), but not ordinary values that merely start with eyJ.
    assert.equal(problems({ kind: "token", jti: jwt.replace(/[^.]+$/, ""), ...base }).length, 1);
    for (const fine of [
      "eyJ-not-a-token",
      "eyJhbGciOi.x.y",
      "3f1c0a9e-7b2d-4c1e-9a55-0d6f5a1e2b3c",
    ])
      assert.equal(parseCreateBan({ kind: "token", jti: fine, ...base }).kind, "token", fine);
  });

  it("normalises times to UTC and wants expiresAt after startsAt", () => {
    const b = parseCreateBan({
      kind: "token",
      jti: "j",
      ...base,
      startsAt: "2026-03-01T13:00:00+01:00",
      expiresAt: "2026-03-01T12:00:00.001Z",
    });
    assert.equal(b.startsAt, "2026-03-01T12:00:00.000Z");
    assert.equal(b.expiresAt, "2026-03-01T12:00:00.001Z");
    const window = { startsAt: "2026-03-01T12:00:00Z", expiresAt: "2026-03-01T13:00:00+01:00" };
    assert.deepEqual(problems({ kind: "token", jti: "j", ...base, ...window }), [
      ["body.expiresAt", "must be after startsAt"],
    ]);
    assert.equal(
      problems({ kind: "token", jti: "j", ...base, startsAt: "yesterday" })[0]?.[0],
      "body.startsAt",
    );
    assert.equal(
      problems({ kind: "token", jti: "j", ...base, startsAt: "2026-03-01" })[0]?.[0],
      "body.startsAt",
    );
    assert.equal(
      parseCreateBan({ kind: "token", jti: "j", ...base, expiresAt: null }).expiresAt,
      null,
    );
  });

  it("checks site lists", () => {
    const ok = parseCreateBan({
      kind: "token",
      jti: "j",
      ...base,
      sites: ["CERN-PROD", "FZK-LCG2"],
    });
    assert.deepEqual(ok.sites, ["CERN-PROD", "FZK-LCG2"]);
    assert.deepEqual(problems({ kind: "token", jti: "j", ...base, sites: [] }), [
      ["body.sites", 'list at least one site, or use "all"'],
    ]);
    assert.deepEqual(problems({ kind: "token", jti: "j", ...base, sites: ["A", "A"] }), [
      ["body.sites", "lists a site twice"],
    ]);
    assert.equal(
      problems({ kind: "token", jti: "j", ...base, sites: ["no spaces"] })[0]?.[0],
      "body.sites[0]",
    );
    assert.equal(
      CreateBanBody.safeParse({ kind: "token", jti: "j", ...base, sites: "some" }).success,
      false,
    );
  });
});

describe("toBan", () => {
  const now = new Date("2026-03-01T12:00:00.000Z");
  const ctx = { id: "ban-1", author: "alice", now };

  it("fills id, author, times and state; starts now by default", () => {
    const ban = toBan(
      parseCreateBan({ kind: "identity", sub: "s", ...base, incident: "INC-7" }),
      ctx,
    );
    assert.deepEqual(ban, {
      id: "ban-1",
      iss: ISS,
      kind: "identity",
      sub: "s",
      reason: base.reason,
      incident: "INC-7",
      author: "alice",
      createdAt: "2026-03-01T12:00:00.000Z",
      startsAt: "2026-03-01T12:00:00.000Z",
      expiresAt: null,
      sites: "all",
      state: "active",
      liftedAt: null,
      liftedBy: null,
      liftReason: null,
    });
  });

  it("carries the identity-before cutoff", () => {
    const input = parseCreateBan({
      kind: "identity-before",
      sub: "s",
      issuedBefore: "2026-03-01T11:00:00Z",
      ...base,
    });
    const ban = toBan(input, ctx);
    assert.equal(ban.kind === "identity-before" && ban.issuedBefore, "2026-03-01T11:00:00.000Z");
  });

  it("gives a token ban the token's exp + 1 h unless expiresAt is given", () => {
    const input = parseCreateBan({ kind: "token", jti: "j", ...base });
    const exp = Date.parse("2026-03-01T12:30:00Z") / 1000;
    assert.equal(toBan(input, { ...ctx, tokenExp: exp }).expiresAt, "2026-03-01T13:30:00.000Z");
    assert.equal(toBan(input, ctx).expiresAt, null);
    const never = parseCreateBan({ kind: "token", jti: "j", ...base, expiresAt: null });
    assert.equal(toBan(never, { ...ctx, tokenExp: exp }).expiresAt, null);
    const given = parseCreateBan({
      kind: "token",
      jti: "j",
      ...base,
      expiresAt: "2026-03-02T00:00:00Z",
    });
    assert.equal(toBan(given, { ...ctx, tokenExp: exp }).expiresAt, "2026-03-02T00:00:00.000Z");
    // Only token bans take the default.
    const id = parseCreateBan({ kind: "identity", sub: "s", ...base });
    assert.equal(toBan(id, { ...ctx, tokenExp: exp }).expiresAt, null);
  });

  it("takes a tokenExp only while exp + 1 h is still a four-digit year", () => {
    const last = 253402300799 - 3600;
    const ok = parseCreateBan({ kind: "token", jti: "j", ...base, tokenExp: last });
    assert.equal(toBan(ok, { ...ctx, tokenExp: last }).expiresAt, "9999-12-31T23:59:59.000Z");
    assert.throws(
      () => parseCreateBan({ kind: "token", jti: "j", ...base, tokenExp: last + 1 }),
      /tokenExp/,
    );
    assert.throws(
      () => parseCreateBan({ kind: "token", jti: "j", ...base, tokenExp: 1.5 }),
      /tokenExp/,
    );
  });

  it("refuses a ban that would already be over when it starts", () => {
    const old = Date.parse("2026-03-01T10:00:00Z") / 1000; // exp + 1 h = 11:00, before now
    const input = parseCreateBan({ kind: "token", jti: "j", ...base });
    assert.throws(
      () => toBan(input, { ...ctx, tokenExp: old }),
      (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.equal(e.issues[0]?.path, "expiresAt");
        assert.match(e.issues[0]?.message ?? "", /give expiresAt/);
        return true;
      },
    );
    const past = parseCreateBan({
      kind: "token",
      jti: "j",
      ...base,
      expiresAt: "2026-03-01T11:59:59Z",
    });
    assert.throws(() => toBan(past, ctx), /expiresAt: must be after startsAt/);
  });

  it("refuses a window wholly in the past (a mistyped year), naming now", () => {
    const input = parseCreateBan({
      kind: "identity",
      sub: "s",
      ...base,
      startsAt: "2025-03-01T00:00:00Z",
      expiresAt: "2025-03-02T00:00:00Z",
    });
    assert.throws(
      () => toBan(input, ctx),
      (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.equal(e.issues[0]?.path, "expiresAt");
        assert.match(e.issues[0]?.message ?? "", /in the past \(now is 2026-03-01T12:00:00.000Z\)/);
        return true;
      },
    );
    const old = Date.parse("2026-02-01T00:00:00Z") / 1000;
    const backDated = parseCreateBan({
      kind: "token",
      jti: "j",
      ...base,
      startsAt: "2026-01-01T00:00:00Z",
    });
    assert.throws(
      () => toBan(backDated, { ...ctx, tokenExp: old }),
      /the token's exp \+ 1 h \(2026-02-01T01:00:00.000Z\) is in the past.*give expiresAt/,
    );
    const open = parseCreateBan({ ...input, expiresAt: "2026-03-02T00:00:00Z" });
    assert.equal(
      toBan(open, ctx).startsAt,
      "2025-03-01T00:00:00.000Z",
      "a back-dated start is fine",
    );
  });
});
