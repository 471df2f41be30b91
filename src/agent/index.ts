/**
 * The site agent (`ttt agent`): receives the transmitter's signed ban events, keeps the site's
 * list in its own store, writes the middleware files and serves health, metrics and local
 * decisions. `startAgent` wires the parts; the CLI only calls it.
 */
import type { Clock } from "../core/clock.js";
import type { AgentConfig } from "./agent.config.js";
import { ValidationError } from "../core/errors.js";
import { buildAgentHttp } from "./agent.routes.js";
import { AgentService } from "./agent.service.js";
import { AgentStore } from "./agent-store.repository.js";
import { registerPushRoute } from "./push.routes.js";
import type { FetchFn } from "./transmitter.client.js";

export { AgentConfigSchema, loadAgentConfig, parseAgentConfig } from "./agent.config.js";
export type { AgentConfig, OutputConfig } from "./agent.config.js";
export { AgentService, type AgentHealth } from "./agent.service.js";
export { AgentStore } from "./agent-store.repository.js";
export { SetReceiver } from "./set-receiver.service.js";
export { writeFileAtomic } from "./ban-files.service.js";

export interface RunningAgent {
  agent: AgentService;
  /** http://host:port of the health / metrics / decisions server. */
  httpUrl: string;
  stop(): Promise<void>;
}

export interface StartAgentOptions {
  clock: Clock;
  fetch: FetchFn;
  token: string | undefined;
  log: (msg: string) => void;
  /** Push delivery's bearer secret; default: the environment variable `delivery.secretEnv`. */
  pushSecret?: string | undefined;
}

/** Opens the store, starts the HTTP server (with the push endpoint) and the poll or push loop. */
export async function startAgent(config: AgentConfig, o: StartAgentOptions): Promise<RunningAgent> {
  const { pushSecret, ...deps } = o;
  const delivery = config.delivery;
  let secret: string | undefined;
  if (delivery.method === "push") {
    secret = pushSecret ?? process.env[delivery.secretEnv];
    if (secret === undefined || secret.length < 16) {
      const path = "config.delivery.secretEnv";
      throw new ValidationError(
        `push delivery needs a secret of 16+ characters in ${delivery.secretEnv}`,
        [{ path, message: `${delivery.secretEnv} is unset or shorter than 16 characters` }],
      );
    }
  }
  const store = new AgentStore(config.stateDir);
  const agent = new AgentService({ config, store, ...deps });
  const http = buildAgentHttp({ agent, store, clock: o.clock, site: config.site });
  if (delivery.method === "push" && secret !== undefined) {
    registerPushRoute(http, {
      path: delivery.path,
      secret,
      receive: (set) => agent.receivePush(set),
    });
  }
  const listen = config.http.listen;
  const cut = listen.lastIndexOf(":");
  let httpUrl: string;
  try {
    httpUrl = await http.listen({
      host: listen.slice(0, cut).replace(/^\[|\]$/g, ""),
      port: Number(listen.slice(cut + 1)),
    });
  } catch (err) {
    store.close();
    throw err;
  }
  agent.start(
    delivery.method === "push" && secret !== undefined
      ? {
          endpointUrl: delivery.endpointUrl ?? `${httpUrl}${delivery.path}`,
          authorization: `Bearer ${secret}`,
        }
      : undefined,
  );
  return {
    agent,
    httpUrl,
    async stop() {
      await agent.stop();
      await http.close();
      store.close();
    },
  };
}
