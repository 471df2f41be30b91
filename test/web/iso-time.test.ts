// The web app's one ISO time reader: the trace API's rules (a zone required, seconds optional,
// ±hh:mm or ±hhmm, impossible dates refused), bare dates only where allowed; the forms' message.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  canonicalIsoTime,
  isoTimeProblem,
  parseIsoTime,
} from "../../web/src/components/iso-time.js";

const AT_0200Z = Date.parse("2024-09-03T02:00:00Z");

test("parseIsoTime reads Z, ±hh:mm and ±hhmm zones, with or without seconds", () => {
  assert.equal(parseIsoTime("2024-09-03T02:00:00Z"), AT_0200Z);
  assert.equal(parseIsoTime("2024-09-03T02:00Z"), AT_0200Z);
  assert.equal(parseIsoTime("2024-09-03T04:00+02:00"), AT_0200Z);
  assert.equal(parseIsoTime("2024-09-03T04:00+0200"), AT_0200Z);
  assert.equal(parseIsoTime("2024-09-03T00:00:00-0200"), AT_0200Z);
  assert.equal(parseIsoTime("2024-09-03T02:00:00.250Z"), AT_0200Z + 250);
  assert.equal(parseIsoTime("  2024-09-03T02:00:00Z "), AT_0200Z, "trimmed");
});

test("parseIsoTime requires the zone", () => {
  assert.equal(parseIsoTime("2024-09-03T02:00:00"), null);
  assert.equal(parseIsoTime("2024-09-03 02:00Z"), null);
  assert.equal(parseIsoTime("2024-09-03T02:00+02"), null);
  assert.equal(parseIsoTime("2024-09-03T02:00:00", { dateOnly: true }), null);
});

test("parseIsoTime refuses impossible dates and times instead of rolling them over", () => {
  assert.equal(parseIsoTime("2024-02-30T00:00:00Z"), null);
  assert.equal(parseIsoTime("2023-02-29T00:00:00Z"), null);
  assert.equal(parseIsoTime("2024-02-29T00:00:00Z"), Date.parse("2024-02-29T00:00:00Z"));
  assert.equal(parseIsoTime("2024-13-01T00:00:00Z"), null);
  assert.equal(parseIsoTime("2024-09-03T23:60:00Z"), null);
  assert.equal(parseIsoTime("2024-02-30", { dateOnly: true }), null);
});

test("parseIsoTime takes a bare date (UTC midnight) only when allowed", () => {
  assert.equal(parseIsoTime("2024-09-03"), null);
  assert.equal(parseIsoTime("2024-09-03", { dateOnly: true }), Date.parse("2024-09-03T00:00:00Z"));
});

test("canonicalIsoTime gives the UTC form stricter APIs accept", () => {
  assert.equal(canonicalIsoTime("2024-09-03T04:00+0200"), "2024-09-03T02:00:00.000Z");
  assert.equal(canonicalIsoTime("2024-02-30T00:00Z"), null);
});

test("isoTimeProblem wants a time with its zone", () => {
  assert.equal(isoTimeProblem("2024-09-03T00:00:00Z"), null);
  assert.equal(isoTimeProblem("2024-09-03T02:00+02:00"), null);
  assert.equal(isoTimeProblem("2024-09-03T02:00+0200"), null);
  assert.match(isoTimeProblem("2024-09-03 00:00") ?? "", /zone/);
  assert.match(isoTimeProblem("2024-09-03T00:00:00") ?? "", /zone/);
  assert.match(isoTimeProblem("2024-09-03") ?? "", /zone/);
  assert.match(isoTimeProblem("2024-02-30T00:00:00Z") ?? "", /ISO 8601/);
});
