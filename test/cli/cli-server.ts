import { after, before } from "node:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PasswordHasher, TEST_SCRYPT_COST } from "../../src/accounts/index.js";
import { bootstrap } from "../../src/app/bootstrap.js";
import { createContext, type AppContext } from "../../src/app/context.js";
import { buildApp } from "../../src/http/app.js";
import { openStore } from "../../src/store/index.js";

export interface CliServer {
  /** http://127.0.0.1:PORT, for `--server`. */
  base: string;
  /** An admin API token, for TTT_TOKEN. */
  token: string;
  ctx: AppContext;
}

/**
 * A real server listening on loopback for `ttt --server` tests: its own SQLite store (under
 * `dataDir`, or a fresh folder), bootstrapped without example data, with an admin API token.
 * Started before the file's tests and closed after them (registers node:test's hooks).
 */
export function cliServer(dataDir?: string): CliServer {
  const server = {} as CliServer;
  let close: () => Promise<void> = () => Promise.resolve();
  before(async () => {
    const store = await openStore({
      dataDir: dataDir ?? mkdtempSync(join(tmpdir(), "ttt-cli-server-")),
    });
    server.ctx = createContext({ store, hasher: new PasswordHasher(TEST_SCRYPT_COST) });
    await bootstrap(server.ctx, { adminPassword: "server-admin-pw", loadExample: false });
    const admin = await server.ctx.accounts.localActor("admin");
    server.token = (await server.ctx.apiTokens.create(admin, { label: "cli" })).secret;
    const app = await buildApp(server.ctx);
    server.base = await app.listen({ port: 0, host: "127.0.0.1" });
    close = async () => {
      await app.close();
      await store.close();
    };
  });
  after(() => close());
  return server;
}
