import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ValidationError } from "../../core/errors.js";
import { parseGenLogsOptions } from "./gen-logs.schema.js";

function rejects(raw: Record<string, unknown>, flag: string): void {
  assert.throws(
    () => parseGenLogsOptions({ out: "/tmp/x", ...raw }),
    (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.equal(e.code, "validation_failed");
      assert.ok(
        e.issues.some((i) => i.path === flag),
        `names ${flag}: ${JSON.stringify(e.issues)}`,
      );
      assert.ok(e.message.includes(flag));
      return true;
    },
  );
}

describe("gen-logs options", () => {
  it("reads the flags commander hands over as strings, with defaults", () => {
    const o = parseGenLogsOptions({
      out: "d",
      sites: "5",
      days: "7",
      users: "300",
      seed: "42",
      rate: "2.5",
    });
    assert.deepEqual(
      { sites: o.sites, days: o.days, users: o.users, seed: o.seed, rate: o.rate, start: o.start },
      { sites: 5, days: 7, users: 300, seed: 42, rate: 2.5, start: "2024-09-02" },
    );
    assert.equal(o.startMs, Date.UTC(2024, 8, 2));
    assert.equal(o.compromise, false);
    assert.equal(o.gzip, false);
  });

  it("names the flag that is wrong", () => {
    rejects({ sites: "0" }, "--sites");
    rejects({ sites: "51" }, "--sites");
    rejects({ sites: "abc" }, "--sites");
    rejects({ sites: "1.5" }, "--sites");
    rejects({ days: "0" }, "--days");
    rejects({ users: "-3" }, "--users");
    rejects({ seed: "x" }, "--seed");
    rejects({ rate: "0" }, "--rate");
    rejects({ start: "2024-02-30" }, "--start");
    rejects({ start: "yesterday" }, "--start");
    rejects({ out: "" }, "--out");
  });
});
