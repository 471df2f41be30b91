import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac } from "node:crypto";
import { FixedClock } from "../../core/clock.js";
import type { Alert } from "./alert.model.js";
import { InvalidWebhookUrlError, WebhookNotifier, parseWebhookUrl } from "./webhook.js";

function alert(n: number): Alert {
  return {
    id: `al-${n}`,
    kind: "banned",
    banId: "ban-7",
    matched: "jti 9c1e",
    eventId: n,
    eventTimeMs: 1_767_225_600_000 + n,
    site: "lab-east",
    component: "gateway",
    action: "GET /orders",
    iss: "https://idp.example",
    sub: `user-${n}`,
    jti: `jti-${n}`,
    clientId: "rucio",
    clientIp: "198.51.100.4",
    object: null,
    source: { file: "gateway.log", line: n },
    createdAt: "2026-01-01T00:00:00.000Z",
    ack: null,
  };
}
const alerts = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => alert(from + i));

interface Received {
  headers: IncomingMessage["headers"];
  raw: Buffer;
  ids: string[];
}
type Handler = (req: Received, res: ServerResponse, n: number) => void;

/** A real loopback receiver; `handle` answers the nth request (1-based). */
async function receiver(handle: Handler) {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const body = JSON.parse(raw.toString("utf8")) as { alerts: Alert[] };
      const r = { headers: req.headers, raw, ids: body.alerts.map((a) => a.id) };
      got.push(r);
      handle(r, res, got.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    got,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function notifier(url: string, extra: Partial<ConstructorParameters<typeof WebhookNotifier>[0]>) {
  const delays: number[] = [];
  const warnings: object[] = [];
  const n = new WebhookNotifier({
    url,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    log: { warn: (obj) => warnings.push(obj) },
    ...extra,
  });
  return { n, delays, warnings };
}

test("delivered once on 200, signed with HMAC-SHA256 of the exact body", async () => {
  const secret = "s3cret-for-tests";
  const rx = await receiver((_r, res) => res.writeHead(200).end());
  try {
    const { n, delays } = notifier(rx.url, { secret });
    n.notify(alerts(2));
    await n.idle();
    assert.equal(rx.got.length, 1);
    const [r] = rx.got;
    assert.ok(r);
    assert.deepEqual(r.ids, ["al-0", "al-1"]);
    assert.equal(r.headers["content-type"], "application/json");
    assert.equal(r.headers["user-agent"], "ttt-alerts/1");
    const mac = createHmac("sha256", secret).update(r.raw).digest("hex");
    assert.equal(r.headers["x-ttt-signature"], `sha256=${mac}`);
    assert.match(String(r.headers["x-ttt-delivery"]), /^[0-9a-f-]{36}$/);
    assert.deepEqual(delays, []);
    assert.deepEqual(n.stats, { delivered: 2, failed: 0, pending: 0, lastError: null });
  } finally {
    await rx.close();
  }
});

test("retries after 500 with jittered backoff, keeping the delivery id", async () => {
  const rx = await receiver((_r, res, i) => res.writeHead(i === 1 ? 500 : 200).end());
  try {
    const { n, delays } = notifier(rx.url, { secret: "k", baseDelayMs: 1000 });
    n.notify(alerts(1));
    assert.equal(n.stats.pending, 1);
    await n.idle();
    assert.equal(rx.got.length, 2);
    assert.equal(rx.got[0]?.headers["x-ttt-delivery"], rx.got[1]?.headers["x-ttt-delivery"]);
    assert.equal(delays.length, 1);
    assert.ok(delays[0]! >= 0 && delays[0]! < 1000, `delay ${delays[0]}`);
    assert.equal(n.stats.delivered, 1);
    assert.equal(n.stats.lastError, "HTTP 500");
  } finally {
    await rx.close();
  }
});

test("honours Retry-After in seconds", async () => {
  const rx = await receiver((_r, res, i) =>
    i === 1 ? res.writeHead(429, { "retry-after": "2" }).end() : res.writeHead(204).end(),
  );
  try {
    const { n, delays } = notifier(rx.url, {});
    n.notify(alerts(1));
    await n.idle();
    assert.deepEqual(delays, [2000]);
    assert.equal(n.stats.delivered, 1);
  } finally {
    await rx.close();
  }
});

test("honours Retry-After as an HTTP-date, capped at maxDelayMs", async () => {
  const clock = new FixedClock("2026-01-01T00:00:00.000Z");
  const dates = ["Thu, 01 Jan 2026 00:00:05 GMT", "Fri, 02 Jan 2026 00:00:00 GMT"];
  const rx = await receiver((_r, res, i) => {
    const date = dates[i - 1];
    if (date === undefined) res.writeHead(200).end();
    else res.writeHead(503, { "retry-after": date }).end();
  });
  try {
    const { n, delays } = notifier(rx.url, { clock, maxDelayMs: 30_000 });
    n.notify(alerts(1));
    await n.idle();
    assert.deepEqual(delays, [5000, 30_000]);
    assert.equal(n.stats.delivered, 1);
  } finally {
    await rx.close();
  }
});

test("gives up on 400 at once and logs only iss/sub/jti of the alerts", async () => {
  const rx = await receiver((_r, res) => res.writeHead(400).end("bad"));
  try {
    const { n, delays, warnings } = notifier(rx.url, {});
    n.notify(alerts(3));
    await n.idle();
    assert.equal(rx.got.length, 1);
    assert.deepEqual(delays, []);
    assert.deepEqual(n.stats, { delivered: 0, failed: 3, pending: 0, lastError: "HTTP 400" });
    assert.equal(warnings.length, 1);
    const w = warnings[0] as { alerts: object[]; attempts: number };
    assert.equal(w.attempts, 1);
    assert.deepEqual(w.alerts[0], { iss: "https://idp.example", sub: "user-0", jti: "jti-0" });
  } finally {
    await rx.close();
  }
});

test("gives up after maxAttempts on repeated 503", async () => {
  const rx = await receiver((_r, res) => res.writeHead(503).end());
  try {
    const { n, delays, warnings } = notifier(rx.url, { maxAttempts: 4, maxDelayMs: 3000 });
    n.notify(alerts(5));
    await n.idle();
    assert.equal(rx.got.length, 4);
    assert.equal(delays.length, 3);
    assert.ok(delays.every((d) => d >= 0 && d < 3000));
    assert.deepEqual(n.stats, { delivered: 0, failed: 5, pending: 0, lastError: "HTTP 503" });
    assert.equal(warnings.length, 1);
  } finally {
    await rx.close();
  }
});

test("250 alerts go as 3 POSTs of at most 100, in order", async () => {
  const rx = await receiver((_r, res) => res.writeHead(200).end());
  try {
    const { n } = notifier(rx.url, {});
    n.notify(alerts(200));
    n.notify(alerts(50, 200));
    await n.idle();
    assert.deepEqual(
      rx.got.map((r) => r.ids.length),
      [100, 100, 50],
    );
    assert.deepEqual(
      rx.got.flatMap((r) => r.ids),
      alerts(250).map((a) => a.id),
    );
    assert.equal(n.stats.delivered, 250);
  } finally {
    await rx.close();
  }
});

test("a receiver that never answers times out and the batch is retried", async () => {
  const rx = await receiver((_r, res, i) => {
    if (i > 1) res.writeHead(200).end(); // the first request is left hanging
  });
  try {
    const { n, delays } = notifier(rx.url, { timeoutMs: 200 });
    n.notify(alerts(1));
    await n.idle();
    assert.equal(rx.got.length, 2);
    assert.equal(delays.length, 1);
    assert.equal(n.stats.delivered, 1);
    assert.equal(n.stats.lastError, "timeout after 200 ms");
  } finally {
    await rx.close();
  }
});

test("parseWebhookUrl: https anywhere, http only to loopback", () => {
  assert.throws(
    () => parseWebhookUrl("http://example.org/hook"),
    (err: unknown) =>
      err instanceof InvalidWebhookUrlError &&
      err.code === "invalid_webhook_url" &&
      err.status === 400 &&
      err.message.includes("TTT_ALERT_WEBHOOK_URL"),
  );
  assert.throws(() => parseWebhookUrl("not a url"), InvalidWebhookUrlError);
  assert.throws(() => new WebhookNotifier({ url: "ftp://x.example/" }), InvalidWebhookUrlError);
  assert.equal(parseWebhookUrl("https://x.example").hostname, "x.example");
  assert.equal(WebhookNotifier.parseWebhookUrl("http://127.0.0.1:9/").port, "9");
  assert.equal(parseWebhookUrl("http://[::1]:8080/a").hostname, "[::1]");
  assert.equal(parseWebhookUrl("http://localhost/a").hostname, "localhost");
});
