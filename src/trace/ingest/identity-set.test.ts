import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { blankEvent, type ParsedEvent } from "../events/trace-event.js";
import { IdentitySet, identityRows } from "./identity-set.js";

const ISS = "https://iam.example.org/";

function event(sub: string | null, groups: string[] | null, iss: string | null = ISS): ParsedEvent {
  return { ...blankEvent("iam", 0, "token.issued"), iss, sub, groups };
}

describe("identity set", () => {
  it("keeps each (issuer, subject, group) once, in the order first seen, also when not consecutive", () => {
    const set = new IdentitySet();
    set.add(event("alice", ["/vo", "/vo/prod"]));
    set.add(event("bob", null));
    set.add(event("alice", ["/vo/prod"])); // a new array, a known group
    set.add(event("bob", []));
    set.add(event("alice", ["/vo/users"]));
    set.add(event("carol", ["/vo"], "https://other.example.org/"));
    set.add(event(null, ["/vo"]));
    set.add(event("dave", null, null));
    assert.deepEqual(set.take(), [
      `${ISS}\nalice\n/vo`,
      `${ISS}\nalice\n/vo/prod`,
      `${ISS}\nbob\n`,
      `${ISS}\nalice\n/vo/users`,
      "https://other.example.org/\ncarol\n/vo",
    ]);
  });

  it("starts empty after take: an identity of the last segment is listed again in the next", () => {
    const set = new IdentitySet();
    set.add(event("alice", null));
    assert.equal(set.take().length, 1);
    assert.deepEqual(set.take(), []);
    set.add(event("alice", null));
    assert.deepEqual(set.take(), [`${ISS}\nalice\n`]);
  });

  it("leaves out identities with a control character or longer than 600 characters in all", () => {
    const set = new IdentitySet();
    set.add(event("nul\u0000sub", ["/vo"]));
    set.add(event("line\nbreak", null));
    set.add(event("erin", ["/vo\u007f", "/vo"]));
    set.add(event("x".repeat(560), ["/vo", "/" + "g".repeat(40)]));
    set.add(event("nul\u0000sub", ["/vo"])); // refused once, still refused
    assert.deepEqual(set.take(), [`${ISS}\nerin\n/vo`, `${ISS}\n${"x".repeat(560)}\n/vo`]);
  });

  it("keeps an identity of exactly 600 characters and leaves out one of 601", () => {
    const set = new IdentitySet();
    const sub = "s".repeat(600 - ISS.length - 3);
    set.add(event(sub, ["/vo"]));
    set.add(event(sub, ["/vo2"]));
    assert.deepEqual(set.take(), [`${ISS}\n${sub}\n/vo`]);
  });

  it("gives the rows sorted, split into issuer, subject and group", () => {
    assert.deepEqual(identityRows(["b\ns\n", "a\ns\n/g"]), [
      ["a", "s", "/g"],
      ["b", "s", ""],
    ]);
  });
});
