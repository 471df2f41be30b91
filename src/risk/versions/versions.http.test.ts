import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call, smallAssessment, voteRound } from "../../test-support/assess.js";
import { testApp, type TestApp } from "../../test-support/app.js";
import { storeKinds } from "../../test-support/stores.js";

for (const kind of await storeKinds()) {
  describe(`versions, rows and mitigations over HTTP on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let fac: { authorization: string };
    let url: string;
    before(async () => {
      t = await testApp(await kind.open());
      ({ fac, url } = await smallAssessment(t));
      for (const row of ["TR-1", "4a", "4e"]) {
        await voteRound(t, fac, url, row, { alice: [2, 3], bob: [3, 3] });
        await call(t, fac, "POST", `${url}/rows/${row}/settle`, {});
      }
      await call(t, fac, "POST", `${url}/mitigations`, {
        title: "Short token lifetimes",
        kind: "planned",
        effort: "low",
        rows: ["4a"],
        owner: "iam-developer",
        dueDate: "2026-06-01",
      });
    });
    after(() => t.close());

    it("draft → frozen → released, and no skipping", async () => {
      const early = await t.app.inject({
        method: "POST",
        url: `${url}/versions/v0.1/release`,
        headers: fac,
      });
      assert.equal(early.statusCode, 409);
      assert.match(early.json().error.message, /freeze it first/);
      const child = await t.app.inject({
        method: "POST",
        url: `${url}/versions`,
        headers: fac,
        payload: { label: "v0.2" },
      });
      assert.equal(child.statusCode, 409);
      assert.equal(child.json().error.code, "draft_exists");
      assert.equal((await call(t, fac, "POST", `${url}/versions/v0.1/freeze`)).state, "frozen");
      assert.equal((await call(t, fac, "POST", `${url}/versions/v0.1/release`)).state, "released");
      const again = await t.app.inject({
        method: "POST",
        url: `${url}/versions/v0.1/freeze`,
        headers: fac,
      });
      assert.equal(again.statusCode, 409);
    });

    it("a new version starts from its parent: same rows, scores carried over", async () => {
      const v = await call(t, fac, "POST", `${url}/versions`, {
        label: "v1.0",
        notes: "after review",
      });
      assert.equal(v.state, "draft");
      const rows = await call(t, fac, "GET", `${url}/rows`);
      assert.equal(rows.version.label, "v1.0");
      assert.deepEqual(
        rows.rows.map((r: { id: string }) => r.id),
        ["TR-1", "4a", "4e"],
      );
      for (const r of rows.rows) assert.equal(r.score.carriedFrom, "v0.1");
      const second = await t.app.inject({
        method: "POST",
        url: `${url}/versions`,
        headers: fac,
        payload: { label: "v1.1", from: "v0.1" },
      });
      assert.equal(second.statusCode, 409, "one draft at a time");
      assert.equal(second.json().error.code, "draft_exists");
      const dup = await t.app.inject({
        method: "POST",
        url: `${url}/versions`,
        headers: fac,
        payload: { label: "v1.0" },
      });
      assert.equal(dup.statusCode, 409);
      const a = await call(t, fac, "GET", url);
      assert.deepEqual(
        a.versions.map((x: { label: string; state: string; parent: string | null }) => [
          x.label,
          x.state,
          x.parent,
        ]),
        [
          ["v0.1", "released", null],
          ["v1.0", "draft", "v0.1"],
        ],
      );
    });

    it("splits a row keeping lineage, and merges rows", async () => {
      const parts = await call(t, fac, "POST", `${url}/rows/4e/split`, {
        into: [{ variant: "ordinary users" }, { variant: "power users", id: "4e-power" }],
        reason: "power users differ",
      });
      assert.deepEqual(
        parts.map((p: { id: string }) => p.id),
        ["4e-ordinary-users", "4e-power"],
      );
      assert.deepEqual(parts[1].lineage, {
        kind: "split",
        from: "4e",
        reason: "power users differ",
      });
      const all = await call(t, fac, "GET", `${url}/rows?all=true`);
      const parent = all.rows.find((r: { id: string }) => r.id === "4e");
      assert.equal(parent.status, "retired");
      assert.deepEqual(parent.successors, ["4e-ordinary-users", "4e-power"]);
      const active = await call(t, fac, "GET", `${url}/rows`);
      assert.deepEqual(
        active.rows.map((r: { id: string }) => r.id),
        ["TR-1", "4a", "4e-ordinary-users", "4e-power"],
      );
      const again = await t.app.inject({
        method: "POST",
        url: `${url}/rows/4e/split`,
        headers: fac,
        payload: { into: [{ variant: "x" }, { variant: "y" }], reason: "r" },
      });
      assert.equal(again.statusCode, 409);
      const one = await t.app.inject({
        method: "POST",
        url: `${url}/rows/4a/split`,
        headers: fac,
        payload: { into: [{ variant: "x" }], reason: "r" },
      });
      assert.equal(one.statusCode, 400);
      assert.match(one.json().error.message, /body\.into/);

      const merged = await call(t, fac, "POST", `${url}/rows/merge`, {
        rows: ["TR-1", "4a"],
        into: { id: "TR-1+4a" },
        reason: "same risk",
      });
      assert.deepEqual(merged.lineage, {
        kind: "merge",
        from: ["TR-1", "4a"],
        reason: "same risk",
      });
      const reuse = await t.app.inject({
        method: "POST",
        url: `${url}/rows`,
        headers: fac,
        payload: { threat: "TR-1", id: "4a" },
      });
      assert.equal(reuse.statusCode, 409, "ids are never reused");
      await call(t, fac, "POST", `${url}/rows/4e-ordinary-users/retire`, {
        reason: "covered elsewhere",
      });
    });

    it("the diff shows split, merged, removed rows, moved scores and changed mitigations", async () => {
      await voteRound(t, fac, url, "4e-power", { alice: [4, 4], bob: [3, 4] });
      await call(t, fac, "POST", `${url}/rows/4e-power/settle`, {});
      await call(t, fac, "PUT", `${url}/mitigations/M-1`, {
        title: "Short token lifetimes",
        kind: "planned",
        status: "in-progress",
        effort: "low",
        rows: ["4a"],
      });
      const d = await call(t, fac, "GET", `${url}/diff?from=v0.1&to=v1.0`);
      assert.deepEqual(d.rows.split, [{ from: "4e", into: ["4e-ordinary-users", "4e-power"] }]);
      assert.deepEqual(d.rows.merged, [{ from: ["4a", "TR-1"], into: "TR-1+4a" }]);
      assert.ok(
        d.scores.some(
          (s: { rowId: string; after: { likelihood: number } | null }) =>
            s.rowId === "4e-power" && s.after?.likelihood === 4,
        ),
      );
      assert.deepEqual(
        d.mitigations.changed.map((c: { id: string }) => c.id),
        ["M-1"],
      );
      const missing = await t.app.inject({
        method: "GET",
        url: `${url}/diff?from=v0.1&to=v9`,
        headers: fac,
      });
      assert.equal(missing.statusCode, 404);
    });

    it("the mitigation tracker puts low-hanging fruit first", async () => {
      await call(t, fac, "POST", `${url}/mitigations`, {
        title: "Narrow power-user scopes",
        kind: "planned",
        effort: "low",
        rows: ["4e-power"],
        owner: "vo-representative",
        dueDate: "2026-09-01",
      });
      await call(t, fac, "POST", `${url}/mitigations`, {
        title: "Rework the IAM",
        kind: "planned",
        effort: "high",
        rows: ["4e-power"],
        owner: "iam-developer",
        dueDate: "2026-04-01",
      });
      const list = await call(t, fac, "GET", `${url}/mitigations`);
      // 4e-power settled 4×4 = Extreme above: the low-effort one is fruit, the high-effort one not
      assert.equal(list[0].title, "Narrow power-user scopes");
      assert.equal(list[0].lowHangingFruit, true);
      assert.deepEqual(list[0].rowLevels, [
        { row: "4e-power", level: "extreme", levelLabel: "Extreme" },
      ]);
      const rework = list.find((m: { title: string }) => m.title === "Rework the IAM");
      assert.equal(rework.lowHangingFruit, false);
      const m1 = list.find((m: { id: string }) => m.id === "M-1");
      assert.equal(m1.lowHangingFruit, false, "low effort but on a row below High");
    });

    it("quality checks over the API", async () => {
      await call(t, fac, "POST", `${url}/mitigations`, {
        title: "Ban by jti at sites",
        kind: "planned",
        rows: ["4e-power"],
      });
      const r = await call(t, fac, "GET", `${url}/check`);
      const codes = r.findings.map((f: { code: string }) => f.code);
      assert.ok(codes.includes("planned-mitigation-incomplete"), codes.join(","));
      assert.ok(codes.includes("unscored-row"), codes.join(","));
      assert.equal(r.version, "v1.0");
    });

    it("methodologies: built-ins listed, CISO matrix imported, bad grid refused", async () => {
      const list = await call(t, fac, "GET", "/api/v1/methodologies");
      assert.deepEqual(list.map((m: { id: string }) => m.id).sort(), [
        "egi-4x4",
        "iso27005-5x5",
        "ttt-5x5",
      ]);
      const yaml = [
        "name: Three by three",
        "probability:",
        "  - {id: 0, abbreviation: L, name: Low, description: rare}",
        "  - {id: 1, abbreviation: M, name: Medium, description: sometimes}",
        "  - {id: 2, abbreviation: H, name: High, description: often}",
        "impact:",
        "  - {id: 0, abbreviation: L, name: Low, description: small}",
        "  - {id: 1, abbreviation: M, name: Medium, description: medium}",
        "  - {id: 2, abbreviation: H, name: High, description: large}",
        "risk:",
        "  - {id: 0, abbreviation: L, name: Low, description: ok, hexcolor: '#00ff00'}",
        "  - {id: 1, abbreviation: H, name: High, description: act, hexcolor: '#ff0000'}",
        "grid: [[0, 0, 1], [0, 1, 1], [1, 1, 1]]",
      ].join("\n");
      const m = await call(t, fac, "POST", "/api/v1/methodologies/import", {
        format: "ciso",
        content: yaml,
      });
      assert.equal(m.id, "three-by-three");
      assert.equal(m.definition.grid[2][0], 1);
      const bad = await t.app.inject({
        method: "POST",
        url: "/api/v1/methodologies/import",
        headers: fac,
        payload: { format: "ciso", content: yaml.replace("[1, 1, 1]]", "[1, 1]]") },
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().error.message, /grid\[2\]/);
      const builtin = await t.app.inject({
        method: "POST",
        url: "/api/v1/methodologies/import",
        headers: fac,
        payload: { format: "ciso", content: yaml, id: "ttt-5x5" },
      });
      assert.equal(builtin.statusCode, 409);
    });
  });
}
