import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KeyFilter, keyHash } from "./key-filter.js";

describe("KeyFilter", () => {
  it("never forgets a key it was given", () => {
    const filter = new KeyFilter(10_000);
    const keys = Array.from({ length: 10_000 }, (_, i) => `9c0e${i}-4b1f-a7e2-${i * 7919}`);
    for (const k of keys) filter.add(k);
    for (const k of keys) assert.equal(filter.mayHave(k), true, k);
    assert.equal(filter.full, true);
  });

  it("rules out almost every other key at its design load", () => {
    const filter = new KeyFilter(20_000);
    for (let i = 0; i < 20_000; i++) filter.add(`sub-${i}`);
    let maybe = 0;
    for (let i = 0; i < 100_000; i++) if (filter.mayHave(`other-${i}`)) maybe++;
    assert.ok(maybe < 2_000, `${maybe} false positives in 100,000`); // design: about 0.5 %
  });

  it("stays selective for counter-like keys that differ in a few characters only", () => {
    // Every character of the sample must reach every bit of the hash: keys like these once gave
    // 1.4 % false positives when the second character of each pair only reached the high bits.
    const hex = (i: number) => i.toString(16).padStart(16, "0");
    const filter = new KeyFilter(200_000);
    for (let i = 0; i < 200_000; i++) filter.add(hex(i));
    let maybe = 0;
    for (let i = 200_000; i < 400_000; i++) if (filter.mayHave(hex(i))) maybe++;
    assert.ok(maybe < 1_600, `${maybe} false positives in 200,000`); // design: about 0.5 %
  });

  it("tells apart keys that differ only in their last character or their length", () => {
    const filter = new KeyFilter(1024);
    filter.add("/atlas/production");
    filter.add("x".repeat(100));
    assert.equal(filter.mayHave("/atlas/production"), true);
    assert.equal(filter.mayHave("x".repeat(100)), true);
    let maybe = 0;
    for (const k of ["/atlas/productioN", "/atlas/productio", "x".repeat(101), "", "/"]) {
      if (filter.mayHave(k)) maybe++;
    }
    assert.ok(maybe <= 1);
  });

  it("takes any string, however long or odd", () => {
    const filter = new KeyFilter(16);
    for (const k of ["", "\u0000", "__proto__", "💥".repeat(10_000), "a".repeat(1_000_000)]) {
      filter.add(k);
      assert.equal(filter.mayHave(k), true);
    }
  });
});

describe("keyHash of a prefix", () => {
  it("equals the hash of the substring, so a parent path is probed without making it", () => {
    const filter = new KeyFilter(1024);
    for (const k of ["/atlas", "/atlas/production", "/cms/users/0123456789abcdef"]) filter.add(k);
    const path = "/cms/users/0123456789abcdef/x/y";
    for (let end = 0; end <= path.length; end++) {
      const sub = path.slice(0, end);
      assert.equal(keyHash(path, end), keyHash(sub, sub.length), String(end));
      assert.equal(filter.mayHaveHash(keyHash(path, end)), filter.mayHave(sub), String(end));
    }
    assert.equal(filter.mayHaveHash(keyHash("/atlas/production/sgm", 6)), true);
    assert.equal(filter.mayHaveHash(keyHash("/atlas/production/sgm", 17)), true);
  });
});
