import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";

/** A signing key made with jose: the public JWK to publish and the private key to sign with. */
export interface TestKey {
  kid: string;
  alg: string;
  publicJwk: JWK;
  privateJwk: JWK;
  privateKey: CryptoKey;
}

export async function makeKey(alg: "RS256" | "ES256" | "EdDSA", kid: string): Promise<TestKey> {
  const pair = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid, alg, use: "sig" };
  const privateJwk = { ...(await exportJWK(pair.privateKey)), kid, alg };
  return { kid, alg, publicJwk, privateJwk, privateKey: pair.privateKey };
}

/** A token signed with `key` for issuer `iss`, valid around `now` (seconds). */
export function signToken(
  key: TestKey,
  iss: string,
  now: number,
  claims: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT({ sub: "alice", jti: `jti-${now}`, "wlcg.ver": "1.0", ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "at+jwt" })
    .setIssuer(iss)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 3600)
    .setAudience("https://storage.example.org")
    .sign(key.privateKey);
}

/** How the server answers the JWKS URL (the discovery document always answers well). */
export type JwksBehaviour =
  | "ok"
  | "500"
  | "garbage"
  | "html"
  | "hang"
  | "oversized"
  | "streamed"
  /** 302 to /realm/jwks-moved on the same server, which answers the keys. */
  | "redirect"
  /** 302 to a plain-http address that is not loopback (must be refused before it is asked). */
  | "redirect-away"
  /** 302 to itself, for ever. */
  | "redirect-loop";

export interface JwksServer {
  /** The issuer URL this server plays: http://127.0.0.1:<port>/realm */
  iss: string;
  jwksUrl: string;
  hits: { jwks: number; discovery: number };
  behaviour: JwksBehaviour;
  /** Published keys (public JWKs as given: a test may publish something wrong on purpose). */
  keys: unknown[];
  close(): Promise<void>;
}

/**
 * A real loopback HTTP server playing an issuer: its OpenID configuration and its JWKS, with a
 * hit counter per URL and a switch to make the JWKS URL fail in each way a real one can.
 */
export async function startJwksServer(keys: unknown[] = []): Promise<JwksServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path === "/realm/.well-known/openid-configuration") {
      state.hits.discovery++;
      json(res, { issuer: state.iss, jwks_uri: state.jwksUrl });
    } else if (path === "/realm/jwks") {
      state.hits.jwks++;
      answerJwks(res, state);
    } else if (path === "/realm/jwks-moved") {
      state.hits.jwks++;
      json(res, { keys: state.keys });
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const iss = `http://127.0.0.1:${port}/realm`;
  const state: JwksServer = {
    iss,
    jwksUrl: `${iss}/jwks`,
    hits: { jwks: 0, discovery: 0 },
    behaviour: "ok",
    keys,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return state;
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function answerJwks(res: ServerResponse, s: JwksServer): void {
  switch (s.behaviour) {
    case "ok":
      return json(res, { keys: s.keys });
    case "500":
      res.writeHead(500, { "content-type": "application/json" }).end('{"error":"down"}');
      return;
    case "garbage":
      res.writeHead(200, { "content-type": "application/json" }).end("{not json at all");
      return;
    case "html":
      res.writeHead(200, { "content-type": "text/html" }).end("<html>login</html>");
      return;
    case "hang":
      return; // never answers; the client's timeout must end it
    case "oversized":
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ keys: s.keys, pad: "x".repeat(2 * 1024 * 1024) }));
      return;
    case "redirect":
      res.writeHead(302, { location: "/realm/jwks-moved" }).end();
      return;
    case "redirect-away":
      res.writeHead(302, { location: "http://192.0.2.10/internal-admin" }).end();
      return;
    case "redirect-loop":
      res.writeHead(302, { location: s.jwksUrl }).end();
      return;
    case "streamed": {
      // Chunked, no Content-Length: only counting bytes as they come catches this one.
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = "x".repeat(64 * 1024);
      res.write('{"pad":"');
      for (let i = 0; i < 40; i++) res.write(chunk);
      res.end('"}');
      return;
    }
  }
}
