/**
 * Hand-made middleware log lines with invented values, for ingest tests that need a known
 * line → event mapping (the generator, src/trace/gen, makes realistic volumes).
 */
export function dcacheLine(
  i: number,
  opts: { jti?: string; sub?: string; ip?: string } = {},
): string {
  const t = new Date(Date.UTC(2024, 8, 3, 8, 0, 0) + i * 1000).toISOString().replace("Z", "+00:00");
  return (
    `level=INFO ts=${t} event=org.dcache.webdav.request session=door:webdav-1@webdavDomain:S${i} ` +
    `request.method=GET request.url=https://dcache.example.org:2880/data/vo/file-${i} ` +
    `socket.remote=${opts.ip ?? "192.0.2.10"}:51234 user-agent="curl/8.0 (test)" ` +
    `user.sub=${opts.sub ?? "sub-1"}@iam user.jti=${opts.jti ?? `jti-${i}`}@iam user.mapped=1000:1000 ` +
    `duration=12 response.reason=OK response.code=200`
  );
}

/** `n` dCache lines numbered from `from`, each ending in a newline. */
export function dcacheLines(from: number, n: number): string {
  let out = "";
  for (let i = from; i < from + n; i++) out += dcacheLine(i) + "\n";
  return out;
}

/**
 * An INDIGO IAM AUDIT line for an issued access token (invented values), with the claims given:
 * what Trace learns identities, groups and a token's exp from.
 */
export function iamIssuedLine(c: {
  iss: string;
  sub: string;
  jti: string;
  exp: number;
  groups?: string[];
}): string {
  const payload = { iss: c.iss, sub: c.sub, jti: c.jti, exp: c.exp, iat: c.exp - 3600 };
  const json = JSON.stringify({
    timestamp: (c.exp - 3600) * 1000,
    "@type": "AccessTokenIssuedEvent",
    category: "TOKEN",
    principal: "client-alpha",
    message: "Issue access token",
    subject: c.sub,
    payload: c.groups === undefined ? payload : { ...payload, "wlcg.groups": c.groups },
    source: "DefaultTokenServices",
  });
  return `2026-02-28 10:11:12.345  INFO 4242 --- [nio-8080-exec-7] AUDIT : ${json}`;
}
