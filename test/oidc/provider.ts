// A real OpenID Provider (oidc-provider, with its development login and consent pages) for the
// OIDC tests, run as a child process: `node --import tsx test/oidc/provider.ts`.
//
// Protocol, one JSON object per line. It listens on 127.0.0.1 at a free port and prints
// {"issuer": "http://127.0.0.1:<port>"}. Then on stdin:
//   {"seq": n, "clients": [...]}          once: the clients (redirect URIs known by then); serving starts
//   {"seq": n, "accounts": {id: claims}}  any time: set accounts' claims (groups change between logins)
// each answered {"ack": n}. It exits when stdin closes, so it never outlives the test.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import Provider from "oidc-provider";

const accounts = new Map<string, Record<string, unknown>>();
let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
let issuer = "";

const send = (msg: unknown) => process.stdout.write(`${JSON.stringify(msg)}\n`);

function provider(clients: Record<string, unknown>[]): Provider {
  return new Provider(issuer, {
    clients,
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ ...(accounts.get(id) ?? {}), sub: id }),
    }),
    claims: {
      openid: ["sub"],
      profile: ["name", "preferred_username", "groups"],
      email: ["email", "email_verified"],
      "wlcg.groups": ["wlcg.groups"],
    },
    cookies: { keys: ["ttt-test-provider-cookie-key"] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    ttl: { AccessToken: 300, AuthorizationCode: 60, IdToken: 300, Interaction: 600, Grant: 3600 },
  });
}

const server = createServer((req, res) => {
  if (handler === undefined) {
    res.writeHead(503).end("not configured yet");
    return;
  }
  handler(req, res);
});

server.listen(0, "127.0.0.1", () => {
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  send({ issuer });
});

createInterface({ input: process.stdin }).on("line", (line) => {
  const msg = JSON.parse(line) as {
    seq: number;
    clients?: Record<string, unknown>[];
    accounts?: Record<string, Record<string, unknown>>;
  };
  for (const [id, claims] of Object.entries(msg.accounts ?? {})) accounts.set(id, claims);
  if (msg.clients !== undefined && handler === undefined)
    handler = provider(msg.clients).callback();
  send({ ack: msg.seq });
});
process.stdin.on("end", () => {
  server.close();
  process.exit(0);
});
