import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { arcFinished, arcStarted } from "./arc.writer.js";
import { condorLine, condorMsg, sinful } from "./condor.writer.js";
import { billingLine, nl, webdavRequest } from "./dcache.writer.js";
import { eosLine } from "./eos.writer.js";
import { ftsLine, ftsMsg } from "./fts.writer.js";
import { exchangeMessage, springLine, tokenEventJson } from "./iam.writer.js";
import { Rng } from "./rng.js";
import { stormLine } from "./storm.writer.js";
import {
  billingTime,
  cetOffsetMin,
  condorTime,
  ftsTime,
  isoOffset,
  isoUtc,
  springTime,
  xrootdTime,
} from "./time-format.js";
import { xrdMonLine, xrdTokenLine } from "./xrootd.writer.js";

const T = Date.UTC(2024, 8, 3, 8, 11, 12, 345); // Tue 2024-09-03 08:11:12.345 UTC
const SUB = "6f1c2a4e-3b7d-4c1e-9a2b-0d4e5f6a7b8c";
const JTI = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const ISS = "https://iam.example.org/";

describe("time formats", () => {
  it("writes each format's timestamp", () => {
    assert.equal(springTime(T), "2024-09-03 08:11:12.345");
    assert.equal(isoUtc(T), "2024-09-03T08:11:12.345Z");
    assert.equal(condorTime(T), "09/03/24 08:11:12");
    assert.equal(billingTime(T), "2024.09.03 08:11:12");
    assert.equal(xrootdTime(T), "240903 08:11:12");
    assert.equal(ftsTime(T, 120), "Tue, 03 Sep 2024 10:11:12 +0200");
    assert.equal(isoOffset(T, 120), "2024-09-03T10:11:12.345+0200");
    assert.equal(isoOffset(T, 0), "2024-09-03T08:11:12.345+0000");
  });

  it("follows the EU daylight-saving rule", () => {
    assert.equal(cetOffsetMin(T), 120);
    assert.equal(cetOffsetMin(Date.UTC(2024, 11, 3)), 60);
    assert.equal(cetOffsetMin(Date.UTC(2024, 9, 27, 0, 59, 59)), 120);
    assert.equal(cetOffsetMin(Date.UTC(2024, 9, 27, 1, 0, 0)), 60);
    assert.equal(cetOffsetMin(Date.UTC(2024, 2, 31, 1, 0, 0)), 120);
    assert.equal(ftsTime(Date.UTC(2024, 11, 3, 9), 60), "Tue, 03 Dec 2024 10:00:00 +0100");
  });
});

describe("line writers", () => {
  it("IAM: Spring prefix, audit JSON and the three exchange wordings", () => {
    const json = tokenEventJson({
      ms: T,
      type: "AccessTokenRefreshedEvent",
      principal: "client-1",
      scope: "openid storage.read:/vo",
      subject: "user0001",
      grantType: "refresh_token",
      kid: "rsa1",
      payload: `{"jti":"${JTI}"}`,
      refreshTokenJti: "r-1",
    });
    const line = springLine(T, 4242, "INFO", "nio-8080-exec-7", "AUDIT", json);
    assert.ok(
      line.startsWith("2024-09-03 08:11:12.345  INFO 4242 --- [nio-8080-exec-7] AUDIT : {"),
    );
    assert.deepEqual(JSON.parse(line.slice(line.indexOf("{"))), {
      timestamp: T,
      "@type": "AccessTokenRefreshedEvent",
      category: "TOKEN",
      principal: "client-1",
      message: "Access token refreshed",
      source: "IamTokenService",
      scopes: ["openid", "storage.read:/vo"],
      subject: "user0001",
      grantType: "refresh_token",
      header: { alg: "RS256", kid: "rsa1" },
      payload: { jti: JTI },
      refreshTokenJti: "r-1",
    });
    assert.equal(
      springLine(T, 1, "INFO", "main", "x.Y", "m"),
      "2024-09-03 08:11:12.345  INFO 1 --- [           main] x.Y : m",
    );
    const f = {
      actor: "fts",
      subjectClient: "agent",
      user: "user0001",
      aud: "any",
      scope: "openid",
    };
    assert.equal(
      exchangeMessage(1, f),
      "Client 'fts' requests token exchange from client 'agent' to impersonate user 'user0001' on audience 'any' with scopes 'openid'",
    );
    assert.equal(
      exchangeMessage(2, f),
      "Client 'fts' impersonates 'user0001' from 'agent' audience 'any' scopes 'openid'",
    );
    assert.equal(
      exchangeMessage(3, f),
      "Client 'fts' exchanges token from 'agent' audience 'any' scopes 'openid'",
    );
  });

  it("FTS, HTCondor, ARC", () => {
    assert.equal(
      ftsLine(T, 120, "INFO", ftsMsg.login(SUB)),
      `INFO    Tue, 03 Sep 2024 10:11:12 +0200; ${SUB} logged in via oauth2`,
    );
    assert.equal(
      ftsLine(T, 120, "WARNING", ftsMsg.refreshFailed("0123456789abcdef", "boom")),
      "WARNING Tue, 03 Sep 2024 10:11:12 +0200; Failed to refresh access token: token_id=0123456789abcdef response: 'boom'",
    );
    const peer = sinful({ ip: "2001:db8::7", host: "h", v6: true }, 4444);
    assert.equal(
      condorLine(T, 17, condorMsg.command("QMGMT_WRITE_CMD", peer)),
      "09/03/24 08:11:12 (cid:17) Command=QMGMT_WRITE_CMD, peer=<[2001:db8::7]:4444>",
    );
    assert.equal(
      condorMsg.scitokensAuth(ISS, SUB, "vo0001", "site-01.example.net"),
      `AuthMethod=SCITOKENS, AuthId=${ISS},${SUB}, CondorId=vo0001@site-01.example.net`,
    );
    assert.equal(condorMsg.routed(1235, 1234), "Job 1235.0 routed from RoutedFromJobId=1234.0");
    const job = {
      id: "abc",
      uid: 1,
      gid: 2,
      name: "n",
      owner: `${ISS}/${SUB}`,
      lrms: "slurm",
      queue: "grid",
    };
    assert.equal(
      arcStarted(T, job),
      `2024-09-03 08:11:12 Started - job id: abc, unix user: 1:2, name: "n", owner: "${ISS}/${SUB}", lrms: slurm, queue: grid`,
    );
    assert.ok(arcFinished(T, job, 77, "x y").endsWith(`queue: grid, lrmsid: 77, failure: "x y"`));
  });

  it("dCache: NetLogger quoting and escapes, billing with the session", () => {
    assert.equal(nl("plain"), "plain");
    assert.equal(nl("two words"), '"two words"');
    assert.equal(nl('say "hi" \\ bye'), '"say \\"hi\\" \\\\ bye"');
    assert.equal(nl(""), '""');
    const line = webdavRequest(T, 120, {
      session: "door:WebDAV-d@webdavDomain:AAx",
      method: "GET",
      url: "https://w.example.net:2880/p",
      remote: "[2001:db8::1]:5000",
      userAgent: "a b",
      dn: null,
      sub: `${SUB}@op`,
      jti: `${JTI}@op`,
      mapped: "1:2,3",
      duration: 5,
      reason: "No Content",
      code: 204,
      tpcSource: null,
    });
    assert.equal(
      line,
      `level=INFO ts=2024-09-03T10:11:12.345+0200 event=org.dcache.webdav.request session=door:WebDAV-d@webdavDomain:AAx request.method=GET request.url=https://w.example.net:2880/p socket.remote=[2001:db8::1]:5000 user-agent="a b" user.sub=${SUB}@op user.jti=${JTI}@op user.mapped=1:2,3 duration=5 response.reason="No Content" response.code=204`,
    );
    const bill = billingLine(T, {
      pool: "p1",
      pnfsid: "0000ABCD",
      size: 10,
      path: "/p",
      storageClass: "vo:users@osm",
      transferred: 10,
      connMs: 5,
      created: false,
      protocol: "Http-1.1",
      client: "198.51.100.7:5000",
      initiator: "door:WebDAV-d@webdavDomain:AAx",
    });
    assert.equal(
      bill,
      '2024.09.03 08:11:12 [pool:p1@p1Domain:transfer] [0000ABCD,10] [/p] vo:users@osm 10 5 false {Http-1.1,198.51.100.7:5000} [door:WebDAV-d@webdavDomain:AAx] {0:""}',
    );
  });

  it("StoRM, XRootD, EOS", () => {
    assert.equal(
      stormLine(T, {
        ip: "198.51.100.7",
        port: 8443,
        user: `${SUB}@${ISS}`,
        requestId: JTI,
        method: "GET",
        path: "/vo/f",
        status: 200,
        bytes: 9,
        durationMs: 3,
      }),
      `198.51.100.7 8443 "${SUB}@${ISS}" 2024-09-03T08:11:12.345Z "${JTI}" "GET /vo/f HTTP/1.1" 200 9 3`,
    );
    const groups = ["/vo", "/vo/prod"];
    assert.equal(
      xrdTokenLine(T, 42, { user: "vo0001", sub: SUB, iss: ISS, groups }),
      `240903 08:11:12 42 XrdSciTokens: New valid token mapped_username=vo0001, subject=${SUB}, issuer=${ISS}, groups=/vo,/vo/prod`,
    );
    assert.equal(
      xrdMonLine(T, { dictid: 7, sub: SUB, user: "vo0001", iss: ISS, role: "", groups }),
      `2024-09-03T08:11:12.345Z &Uc=7&s=${SUB}&n=vo0001&o=${ISS}&r=&g=/vo,/vo/prod`,
    );
    const eos = eosLine({
      log: JTI,
      path: "/eos/f",
      ruid: 1,
      rgid: 2,
      td: "u.1:2@h",
      host: "fst",
      fid: 3,
      openMs: T,
      closeMs: T + 1001,
      rb: 4,
      wb: 0,
      name: "u",
      secHost: "192.0.2.2",
      vorg: ISS,
      groups,
    });
    assert.equal(
      eos,
      `log=${JTI}&path=/eos/f&ruid=1&rgid=2&td=u.1:2@h&host=fst&fid=3&ots=1725351072&otms=345&cts=1725351073&ctms=346&rb=4&wb=0&sec.prot=scitokens&sec.name=u&sec.host=192.0.2.2&sec.vorg=${ISS}&sec.grps=/vo,/vo/prod&sec.role=&sec.info=&sec.app=`,
    );
  });

  it("draws the same values for the same seed, and version-4 UUIDs", () => {
    const a = new Rng(9);
    const b = new Rng(9);
    for (let i = 0; i < 50; i++) {
      const u = a.uuid();
      assert.equal(u, b.uuid());
      assert.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    assert.equal(a.alnum(54).length, 54);
    assert.match(a.hexUpper(16), /^[0-9A-F]{32}$/);
  });
});
