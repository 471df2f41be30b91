import { test } from "node:test";
import assert from "node:assert/strict";
import { canonicalIp } from "./ip-address.js";

test("every spelling of an IPv6 address becomes its RFC 5952 text", () => {
  for (const spelling of [
    "2001:db8:0:0:0:0:0:7",
    "2001:0DB8:0000:0000:0000:0000:0000:0007",
    "2001:db8::7",
    "[2001:db8::7]",
    "2001:DB8::7",
  ])
    assert.equal(canonicalIp(spelling), "2001:db8::7", spelling);
  // RFC 5952 4.2.3: the longest run of zeros is shortened, the first of two equal runs.
  assert.equal(canonicalIp("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1");
  assert.equal(canonicalIp("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
  assert.equal(canonicalIp("0:0:0:0:0:0:0:1"), "::1");
});

test("an IPv4-mapped IPv6 address becomes the IPv4 address", () => {
  assert.equal(canonicalIp("::ffff:192.0.2.1"), "192.0.2.1");
  assert.equal(canonicalIp("::FFFF:c000:0201"), "192.0.2.1");
  assert.equal(canonicalIp("0:0:0:0:0:ffff:198.51.100.255"), "198.51.100.255");
  // Not mapped: kept as IPv6.
  assert.equal(canonicalIp("::fffe:c000:201"), "::fffe:c000:201");
});

test("IPv4 and what is not an address are kept; a zone id or junk with colons is lower-cased", () => {
  assert.equal(canonicalIp("192.0.2.10"), "192.0.2.10");
  assert.equal(canonicalIp("host.example.org"), "host.example.org");
  assert.equal(canonicalIp("FE80::1%eth0"), "fe80::1%eth0");
  assert.equal(canonicalIp("not:an:Address"), "not:an:address");
  assert.equal(canonicalIp(""), "");
});
