import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cell, textTable } from "./text-table.js";

describe("cell", () => {
  it("escapes C0, DEL and C1 controls as \\xNN", () => {
    assert.equal(cell("a\nb\u001b[31mc\u007f\u009bd"), "a\\x0ab\\x1b[31mc\\x7f\\x9bd");
  });

  it("escapes Unicode bidirectional controls as \\uNNNN, so a value reads in its real order", () => {
    // "Trojan Source": U+202E would show "/data/evil\u202Etxt.exe" as ending in "exe.txt".
    assert.equal(cell("/data/evil\u202etxt.exe"), "/data/evil\\u202etxt.exe");
    for (const c of ["\u061c", "\u200e", "\u200f", "\u202a", "\u202d", "\u2066", "\u2069"]) {
      assert.equal(cell(c), `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    }
  });

  it("leaves other text alone, right-to-left scripts included", () => {
    assert.equal(cell("naïve — שלום ✓ \t"), "naïve — שלום ✓ \\x09");
  });
});

describe("textTable", () => {
  it("pads columns to their widest escaped cell", () => {
    assert.deepEqual(textTable(["a", "b"], [["x\n", "y"]]), ["  a      b", "  x\\x0a  y"]);
  });
});
