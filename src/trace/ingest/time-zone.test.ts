import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ValidationError } from "../../core/errors.js";
import { isTimeZone, parseTimeZone } from "./time-zone.js";

/** A wall-clock time as the parsers hand it over: the written digits read as UTC. */
const wall = (text: string): number => Date.parse(`${text}Z`);
const iso = (ms: number): string => new Date(ms).toISOString();

describe("time zones of offset-less logs (--tz)", () => {
  it("reads a wall-clock time in an IANA zone, summer and winter, and keeps the offset used", () => {
    const zurich = parseTimeZone("Europe/Zurich");
    assert.deepEqual(zurich.resolve(wall("2024-07-01T12:00:00")), {
      ms: Date.parse("2024-07-01T10:00:00Z"),
      offsetMin: 120,
    });
    assert.deepEqual(zurich.resolve(wall("2024-01-15T08:30:00.250")), {
      ms: Date.parse("2024-01-15T07:30:00.250Z"),
      offsetMin: 60,
    });
  });

  it("an hour the clocks repeat is read as its first pass; a skipped one with the offset before", () => {
    const zurich = parseTimeZone("Europe/Zurich");
    // 27 Oct 2024: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice.
    assert.equal(iso(zurich.resolve(wall("2024-10-27T02:30:00")).ms), "2024-10-27T00:30:00.000Z");
    assert.equal(iso(zurich.resolve(wall("2024-10-27T03:00:00")).ms), "2024-10-27T02:00:00.000Z");
    // 31 Mar 2024: 02:00 CET becomes 03:00 CEST, so 02:30 never happens on the clock.
    const skipped = zurich.resolve(wall("2024-03-31T02:30:00"));
    assert.deepEqual(skipped, { ms: Date.parse("2024-03-31T01:30:00Z"), offsetMin: 60 });
    assert.equal(iso(zurich.resolve(wall("2024-03-31T03:30:00")).ms), "2024-03-31T01:30:00.000Z");
  });

  it("zones with half-hour offsets, south of the equator, and cached answers agree", () => {
    const stJohns = parseTimeZone("America/St_Johns");
    assert.equal(stJohns.resolve(wall("2024-07-01T00:00:00")).offsetMin, -150);
    assert.equal(stJohns.resolve(wall("2024-12-01T00:00:00")).offsetMin, -210);
    const sydney = parseTimeZone("Australia/Sydney");
    assert.equal(sydney.resolve(wall("2024-01-10T09:00:00")).offsetMin, 660);
    assert.equal(sydney.resolve(wall("2024-07-10T09:00:00")).offsetMin, 600);
    // the same quarter hour again comes from the cache with the same answer
    const a = sydney.resolve(wall("2024-07-10T09:01:00"));
    assert.equal(iso(a.ms), "2024-07-09T23:01:00.000Z");
  });

  it("a change off the quarter hour is resolved to the minute, not cached for the quarter", () => {
    // St John's moved its clocks at 00:01 local time until 2011.
    const stJohns = parseTimeZone("America/St_Johns");
    assert.equal(stJohns.resolve(wall("2006-04-02T00:00:30")).offsetMin, -210);
    assert.equal(stJohns.resolve(wall("2006-04-02T01:05:00")).offsetMin, -150);
    assert.equal(stJohns.resolve(wall("2006-10-28T23:59:00")).offsetMin, -150);
    assert.equal(stJohns.resolve(wall("2006-10-29T00:05:00")).offsetMin, -210);
    // Lord Howe Island's daylight saving moves the clock by half an hour.
    const lordHowe = parseTimeZone("Australia/Lord_Howe");
    assert.equal(lordHowe.resolve(wall("2024-01-10T12:00:00")).offsetMin, 660);
    assert.equal(lordHowe.resolve(wall("2024-07-10T12:00:00")).offsetMin, 630);
    assert.equal(
      parseTimeZone("Asia/Kathmandu").resolve(wall("2024-07-10T12:00:00")).offsetMin,
      345,
    );
  });

  it("names are canonical whatever their case; fixed offsets are accepted as ±HH:MM", () => {
    assert.equal(parseTimeZone("europe/zurich").name, "Europe/Zurich");
    assert.equal(parseTimeZone("UTC").resolve(wall("2024-07-01T12:00:00")).offsetMin, 0);
    const india = parseTimeZone("+0530");
    assert.equal(india.name, "+05:30");
    assert.deepEqual(india.resolve(wall("2024-07-01T12:00:00")), {
      ms: Date.parse("2024-07-01T06:30:00Z"),
      offsetMin: 330,
    });
    assert.equal(parseTimeZone("UTC-03:30").resolve(0).offsetMin, -210);
  });

  it("refuses what is not a zone with a message that names it", () => {
    for (const bad of ["Mars/Olympus", "+15:00", "+02:60", "02:00", "", "Europe/Zurich; rm"]) {
      assert.equal(isTimeZone(bad), false, bad);
      assert.throws(
        () => parseTimeZone(bad),
        (e: unknown) => e instanceof ValidationError && e.message.includes("time zone"),
      );
    }
  });
});
