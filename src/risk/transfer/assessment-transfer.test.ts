import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { PasswordHasher, TEST_SCRYPT_COST, type Actor } from "../../accounts/index.js";
import { createContext, type AppContext } from "../../app/context.js";
import { FixedClock } from "../../core/clock.js";
import { ConflictError } from "../../core/errors.js";
import { sequentialIds, type IdSource } from "../../core/ids.js";
import { txRunner, type Store, type TxRunner } from "../../store/index.js";
import { storeKinds } from "../../test-support/stores.js";
import { loadExample } from "../demo/demo.loader.js";
import { EXAMPLE_DATA, VOTER_ROLES } from "../demo/example-data.js";
import { ImportRejectedError } from "../import/import.types.js";
import {
  AssessmentExportSchema,
  exportAssessment,
  insertAssessmentExport,
  parseAssessmentExport,
  transferRepos,
  type AssessmentExport,
  type InsertOptions,
  type TransferRepos,
} from "./index.js";

const ID = EXAMPLE_DATA.assessment.id;
const AT = "2026-03-09T10:00:00.000Z";

/** What must not change when an import is refused. */
const TABLES = ["assessments", "assessment_versions", "users", "audit_log"] as const;
async function tally(store: Store): Promise<Record<(typeof TABLES)[number], number>> {
  const out = { assessments: 0, assessment_versions: 0, users: 0, audit_log: 0 };
  for (const t of TABLES) {
    const q = store.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as("n"));
    out[t] = Number((await q.executeTakeFirstOrThrow()).n);
  }
  return out;
}

const clone = (d: AssessmentExport): AssessmentExport => structuredClone(d);

for (const kind of await storeKinds()) {
  describe(`assessment export and import on ${kind.name}`, { skip: kind.skip }, () => {
    let store: Store;
    let ctx: AppContext;
    let admin: Actor;
    let ids: IdSource;
    let tx: TxRunner<TransferRepos>;
    let original: AssessmentExport;

    const exportOf = (id: string, runner = tx) => runner.read((r) => exportAssessment(r, id, AT));
    const importText = (text: string, opts: Partial<InsertOptions> = {}, runner = tx) =>
      runner.write((r) =>
        insertAssessmentExport(r, parseAssessmentExport(text), {
          actor: "admin",
          at: AT,
          ids,
          ...opts,
        }),
      );

    before(async () => {
      store = await kind.open();
      // One id source for the store: the import's new ids must not collide with the example's.
      ids = sequentialIds();
      ctx = createContext({
        store,
        hasher: new PasswordHasher(TEST_SCRYPT_COST),
        clock: new FixedClock("2026-03-02T09:00:00.000Z"),
        ids,
      });
      await ctx.accounts.ensureAdmin("admin-password-1");
      admin = await ctx.accounts.localActor("admin");
      await loadExample(ctx, admin);
      tx = txRunner(store, transferRepos);
      original = await exportOf(ID);
    });
    after(() => store.close());

    it("exports every version with catalogue, rounds, votes and settlement history", () => {
      const [v09, v10] = original.versions;
      assert.deepEqual(
        original.versions.map((v) => [v.label, v.state, v.parent]),
        [
          ["v0.9", "frozen", null],
          ["v1.0", "draft", "v0.9"],
        ],
      );
      assert.ok(v09 && v10);
      assert.equal(original.methodology.id, EXAMPLE_DATA.assessment.methodology);
      assert.equal(v09.rounds.filter((r) => r.row === "4b").length, 2);
      assert.ok(v09.rounds.every((r) => r.state === "revealed" && r.votes.length > 0));
      const voters = new Set(v09.rounds.flatMap((r) => r.votes.map((x) => x.voter)));
      assert.deepEqual([...voters].sort(), [...VOTER_ROLES].sort());
      const tr1 = v10.settlements.filter((s) => s.row === "TR-1");
      assert.equal(tr1.length, 2, "carried settlement kept as history of the re-settled row");
      assert.equal(tr1[0]?.carriedFrom, "v0.9");
      assert.equal(tr1[0]?.round?.version, "v0.9");
      assert.equal(tr1[1]?.round?.version, "v1.0");
      const split = v10.catalogue.rows.find((r) => r.id === "4e");
      assert.deepEqual(split?.successors, ["4e-ordinary", "4e-power"]);
      assert.ok(v10.catalogue.mitigations.some((m) => m.id === "M-7"));
      const text = JSON.stringify(original);
      assert.doesNotMatch(text, /\b(ver|rnd|stl|usr)_\d{6}\b/, "no internal ids");
      assert.deepEqual(
        AssessmentExportSchema.parse(original),
        original,
        "the schema drops nothing",
      );
    });

    it("survives a trip through JSON text unchanged", () => {
      assert.deepEqual(parseAssessmentExport(JSON.stringify(original, null, 2)), original);
    });

    it("imports an equal assessment under a new id, with one audit entry", async () => {
      const before = await tally(store);
      const result = await importText(JSON.stringify(original), { id: "example-copy" });
      const copy = await exportOf("example-copy");
      assert.deepEqual(copy, {
        ...original,
        assessment: { ...original.assessment, id: "example-copy" },
      });

      const sum = (f: (v: AssessmentExport["versions"][number]) => number) =>
        original.versions.reduce((n, v) => n + f(v), 0);
      assert.equal(result.assessment, "example-copy");
      assert.deepEqual(result.counts, {
        threats: sum((v) => v.catalogue.threats.length),
        workflows: sum((v) => v.catalogue.workflows.length),
        rows: sum((v) => v.catalogue.rows.length),
        scores: sum((v) => v.settlements.length),
        mitigations: sum((v) => v.catalogue.mitigations.length),
        versions: 2,
        rounds: sum((v) => v.rounds.length),
        votes: sum((v) => v.rounds.reduce((n, r) => n + r.votes.length, 0)),
      });
      const now = await tally(store);
      assert.deepEqual(now, {
        ...before,
        assessments: before.assessments + 1,
        assessment_versions: before.assessment_versions + 2,
        audit_log: before.audit_log + 1,
      });
      const entry = await store.db
        .selectFrom("audit_log")
        .selectAll()
        .orderBy("seq", "desc")
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [entry.action, entry.target, entry.actor],
        ["assessment.import", "assessment:example-copy", "admin"],
      );

      // The copy works like the original: same diff, and voting goes on where it stopped.
      const diff = (id: string) => ctx.risk.versions.diff(admin, id, "v0.9", "v1.0");
      assert.deepEqual((await diff("example-copy")).summary, (await diff(ID)).summary);
      const fac = await ctx.accounts.localActor(EXAMPLE_DATA.facilitator.name);
      const next = await ctx.risk.voting.openRound(fac, "example-copy", "4e-power");
      const rounds = original.versions[1]?.rounds.filter((r) => r.row === "4e-power") ?? [];
      assert.equal(next.number, rounds.length + 1);
    });

    it("exports an open round without its hidden votes, and imports it open", async () => {
      const fac = await ctx.accounts.localActor(EXAMPLE_DATA.facilitator.name);
      const voter = await ctx.accounts.localActor(VOTER_ROLES[0]);
      const round = await ctx.risk.voting.openRound(fac, "example-copy", "TR-1");
      await ctx.risk.voting.castVote(voter, round.id, { likelihood: 4, impact: 4, note: "secret" });
      const doc = await exportOf("example-copy");
      const open = doc.versions[1]?.rounds.filter((r) => r.state === "open") ?? [];
      assert.deepEqual(
        open.map((r) => [r.row, r.votes]),
        [
          ["TR-1", []],
          ["4e-power", []],
        ],
      );
      assert.doesNotMatch(JSON.stringify(doc), /secret/);
      await importText(JSON.stringify(doc), { id: "example-open" });
      const again = await exportOf("example-open");
      assert.deepEqual(again, { ...doc, assessment: { ...doc.assessment, id: "example-open" } });
    });

    it("imports into an empty store, creating the methodology and password-less voters", async () => {
      const empty = await kind.open();
      try {
        const runner = txRunner(empty, transferRepos);
        await importText(JSON.stringify(original), {}, runner);
        assert.deepEqual(await exportOf(ID, runner), original);
        const users = await empty.db.selectFrom("users").selectAll().execute();
        const voters = new Set(
          original.versions.flatMap((v) => v.rounds.flatMap((r) => r.votes.map((x) => x.voter))),
        );
        assert.deepEqual(users.map((u) => u.name).sort(), [...voters].sort());
        assert.ok(users.every((u) => u.password_hash === null && u.role === "assessor"));
      } finally {
        await empty.close();
      }
    });

    /** Each bad document names exactly one field. */
    const malformed: { name: string; path: string; mutate(d: AssessmentExport): unknown }[] = [
      {
        name: "a wrong formatVersion",
        path: "formatVersion",
        mutate: (d) => ({ ...d, formatVersion: 2 }),
      },
      {
        name: "a missing field",
        path: "versions[1].rounds[0].openedBy",
        mutate: (d) => {
          delete (d.versions[1]?.rounds[0] as Partial<{ openedBy: string }>).openedBy;
          return d;
        },
      },
      {
        name: "an unknown field",
        path: "assessment.owner",
        mutate: (d) => ({ ...d, assessment: { ...d.assessment, owner: "x" } }),
      },
      {
        name: "a vote off the scale",
        path: "versions[0].rounds[3].votes[0].likelihood",
        mutate: (d) => {
          const vote = d.versions[0]?.rounds[3]?.votes[0];
          if (vote) vote.likelihood = 9;
          return d;
        },
      },
      {
        name: "a settlement of a missing round",
        path: "versions[1].settlements[0].round",
        mutate: (d) => {
          const s = d.versions[1]?.settlements[0];
          if (s?.round) s.round = { ...s.round, number: 99 };
          return d;
        },
      },
      {
        name: "a duplicate row id",
        path: `versions[0].catalogue.rows[21].id`,
        mutate: (d) => {
          const rows = d.versions[0]?.catalogue.rows;
          if (rows?.[0]) rows.push({ ...rows[0], position: 999 });
          return d;
        },
      },
      {
        name: "a missing parent version",
        path: "versions[1].parent",
        mutate: (d) => {
          if (d.versions[1]) d.versions[1].parent = "v0.5";
          return d;
        },
      },
    ];
    for (const c of malformed) {
      it(`rejects ${c.name} at ${c.path}, writing nothing`, async () => {
        const before = await tally(store);
        const text = JSON.stringify(c.mutate(clone(original)));
        await assert.rejects(importText(text, { id: "rejected" }), (err) => {
          assert.ok(err instanceof ImportRejectedError, String(err));
          assert.deepEqual(
            err.issues.map((i) => i.path),
            [c.path],
          );
          return true;
        });
        assert.deepEqual(await tally(store), before);
      });
    }

    it("rejects text that is not JSON", () => {
      assert.throws(
        () => parseAssessmentExport("{"),
        (err) => {
          assert.ok(err instanceof ImportRejectedError);
          assert.equal(err.issues[0]?.path, "(root)");
          return true;
        },
      );
    });

    it("checks a document handed in without parsing, too", async () => {
      const doc = clone(original);
      if (doc.versions[1]) doc.versions[1].parent = "v0.5";
      const before = await tally(store);
      await assert.rejects(
        tx.write((r) =>
          insertAssessmentExport(r, doc, { id: "unparsed", actor: "admin", at: AT, ids }),
        ),
        (err) => err instanceof ImportRejectedError && err.issues[0]?.path === "versions[1].parent",
      );
      assert.deepEqual(await tally(store), before);
    });

    it("refuses an existing id, writing nothing", async () => {
      const before = await tally(store);
      await assert.rejects(importText(JSON.stringify(original)), (err) => {
        assert.ok(err instanceof ConflictError);
        assert.equal(err.code, "assessment_exists");
        assert.match(err.message, new RegExp(`'${ID}'.*another id`));
        return true;
      });
      assert.deepEqual(await tally(store), before);
    });

    it("refuses a methodology that differs from the stored one of the same id", async () => {
      const doc = clone(original);
      const level = doc.methodology.definition.levels[0];
      if (level) level.label = "Renamed";
      const before = await tally(store);
      await assert.rejects(importText(JSON.stringify(doc), { id: "other-method" }), (err) => {
        assert.ok(err instanceof ConflictError);
        assert.equal(err.code, "methodology_conflict");
        assert.match(err.message, new RegExp(`'${doc.methodology.id}'`));
        return true;
      });
      assert.deepEqual(await tally(store), before);
    });
  });
}
