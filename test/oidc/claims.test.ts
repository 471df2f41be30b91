// Pure rules of OIDC login: groups → role, claims → user name. No I/O.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  groupsOf,
  mapRole,
  nameCandidates,
  userNameFrom,
} from "../../src/accounts/oidc/oidc.claims.js";
import { UserName } from "../../src/accounts/accounts.schema.js";

const settings = {
  roleClaim: "groups",
  roleMap: {
    "/wlcg/ttt/viewers": "viewer",
    "/wlcg/ttt/assessors": "assessor",
    "/wlcg/ttt/facilitators": "facilitator",
    "/wlcg/ttt/admins": "admin",
  },
  defaultRole: "none",
} as const;

describe("OIDC role mapping", () => {
  it("the widest matching role wins, whatever the order of groups", () => {
    const groups = ["/wlcg/ttt/viewers", "/wlcg/ttt/facilitators", "/wlcg/ttt/assessors"];
    assert.equal(mapRole({ groups }, settings), "facilitator");
    assert.equal(mapRole({ groups: [...groups].reverse() }, settings), "facilitator");
    assert.equal(mapRole({ groups: ["/x", "/wlcg/ttt/admins"] }, settings), "admin");
  });

  it("no match: the default role, or null (refuse) when it is none", () => {
    assert.equal(mapRole({ groups: ["/wlcg"] }, settings), null);
    assert.equal(mapRole({}, settings), null);
    assert.equal(mapRole({ groups: ["/wlcg"] }, { ...settings, defaultRole: "viewer" }), "viewer");
  });

  it("reads the claim name literally and tolerates odd shapes", () => {
    const claims = {
      "wlcg.groups": ["/wlcg/ttt/assessors"],
      wlcg: { groups: ["/wlcg/ttt/admins"] },
    };
    assert.deepEqual(groupsOf(claims, "wlcg.groups"), ["/wlcg/ttt/assessors"]);
    assert.equal(mapRole(claims, { ...settings, roleClaim: "wlcg.groups" }), "assessor");
    assert.deepEqual(groupsOf({ groups: "/wlcg/ttt/admins" }, "groups"), ["/wlcg/ttt/admins"]);
    assert.deepEqual(groupsOf({ groups: [1, null, "/a", { x: 1 }] }, "groups"), ["/a"]);
    assert.deepEqual(groupsOf({ groups: 42 }, "groups"), []);
    // Inherited names are not groups or roles.
    assert.equal(mapRole({ groups: ["toString", "__proto__"] }, settings), null);
    assert.deepEqual(groupsOf({}, "constructor"), []);
  });
});

describe("OIDC user names", () => {
  it("sanitises preferred_username to the UserName pattern", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ preferred_username: "alice" }, "alice"],
      [{ preferred_username: "Jürgen Müller" }, "jurgen-muller"],
      [{ preferred_username: "__Bob@CERN.ch" }, "bob-cern.ch"],
      [{ preferred_username: "x".repeat(100) }, "x".repeat(64)],
      [{ preferred_username: "😀" }, "user"],
      [{ email: "Carol.Smith@example.org" }, "carol.smith"],
      [{ preferred_username: 7 }, "user"],
      [{}, "user"],
    ];
    for (const [claims, name] of cases) {
      assert.equal(userNameFrom(claims), name, JSON.stringify(claims));
      assert.equal(UserName.safeParse(name).success, true, name);
    }
  });

  it("de-duplicates with -2, -3 … within 64 characters", () => {
    const long = "y".repeat(64);
    const some = [...nameCandidates(long, 12)];
    assert.deepEqual(some.slice(0, 2), [long, `${"y".repeat(62)}-2`]);
    assert.equal(some.at(-1), `${"y".repeat(61)}-12`);
    for (const n of some) assert.equal(UserName.safeParse(n).success, true, n);
  });
});
