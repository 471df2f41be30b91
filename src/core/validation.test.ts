import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { ValidationError } from "./errors.js";
import { formatIssuePath, freeText, parseInput } from "./validation.js";

describe("parseInput", () => {
  const schema = z.strictObject({
    name: z.string(),
    rows: z.array(z.strictObject({ id: z.string() })),
    n: z.number(),
  });

  it("returns the parsed value", () => {
    assert.deepEqual(parseInput(schema, { name: "a", rows: [], n: 1 }, "thing"), {
      name: "a",
      rows: [],
      n: 1,
    });
  });

  it("names every bad field, says 'required' only for absent ones", () => {
    assert.throws(
      () => parseInput(schema, { rows: [{ id: 3 }], n: "x", extra: true }, "thing", "body"),
      (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.deepEqual(
          e.issues.map((i) => [i.path, i.message]),
          [
            ["body.name", "required"],
            ["body.rows[0].id", "Invalid input: expected string, received number"],
            ["body.n", "Invalid input: expected number, received string"],
            ["body", 'Unrecognized key: "extra"'],
          ],
        );
        assert.match(e.message, /^thing: body\.name: required; body\.rows\[0\]\.id: /);
        return true;
      },
    );
  });

  it("formats paths", () => {
    assert.equal(formatIssuePath(["grid", 2, 4]), "grid[2][4]");
    assert.equal(formatIssuePath([], ""), "(root)");
  });
});

describe("freeText", () => {
  const note = freeText(20);

  it("keeps tab and line feed, trims, and bounds the length", () => {
    assert.equal(note.parse("  a\tb\nc  "), "a\tb\nc");
    assert.equal(note.safeParse("x".repeat(21)).success, false);
  });

  it("refuses every other control character: C0, DEL and C1", () => {
    for (const c of ["\u0000", "\u0007", "\r", "\u001b", "\u007f", "\u0080", "\u009b", "\u009f"]) {
      const r = note.safeParse(`a${c}b`);
      assert.equal(r.success, false, JSON.stringify(c));
      assert.match(r.error?.issues[0]?.message ?? "", /control characters/);
    }
    assert.equal(note.parse("naïve — ok ✓"), "naïve — ok ✓");
  });
});
