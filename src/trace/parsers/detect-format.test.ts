import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { iamIssuedLine } from "../../test-support/log-lines.js";
import { detectFormat } from "./index.js";

const SPRING = "2026-02-28 10:11:12.345  INFO 4242 --- [nio-8080-exec-7]";
const audit = (i: number) =>
  iamIssuedLine({ iss: "https://iam.example.org/", sub: `u-${i}`, jti: `j-${i}`, exp: 1.8e9 });
const exchange = `${SPRING} c.i.i.c.o.TokenExchangeGranter : Client 'actor' requests token exchange from client 'subject' to impersonate user 'u-1' on audience 'null' with scopes '[openid]'`;
const plain = (i: number) => `${SPRING} o.s.w.s.DispatcherServlet : Completed request ${i}`;
const head = (lines: string[]) => Buffer.from(lines.join("\n") + "\n");

describe("detectFormat", () => {
  it("a pure audit log is iam-audit", () => {
    assert.equal(detectFormat(head([audit(1), audit(2), audit(3)])), "iam-audit");
  });

  it("IAM's main log with the AUDIT logger mixed in is iam-exchange, which reads both", () => {
    const lines = [plain(0), audit(1), audit(2), audit(3), exchange, audit(4)];
    assert.equal(detectFormat(head(lines)), "iam-exchange");
    assert.equal(detectFormat(head([audit(1), plain(1), audit(2)])), "iam-exchange");
  });

  it("IAM's main log without any telling line yet is iam-exchange", () => {
    assert.equal(detectFormat(head([plain(1), plain(2), plain(3)])), "iam-exchange");
  });

  it("an XRootD server log whose token lines come after the start-up dump is xrootd", () => {
    const dump = [
      "261126 00:00:01 001 Starting on Linux 6.1",
      "261126 00:00:01 2345 XrdConfig: Config configuring xrootd data server.",
      "++++++ xrootd anon@host.example.org initialization started.",
      "261126 00:00:01 2345 XrdOfs: Config on the xrootd port 1094",
      "261126 00:00:02 2345 XrdSciTokens: loaded issuer https://iam.example.org/",
    ];
    assert.equal(detectFormat(head(dump)), "xrootd");
  });

  it("text of no known format is not guessed", () => {
    assert.equal(detectFormat(head(["hello", "world", "261126 not a log"])), null);
  });
});
