/**
 * The site agent (`ttt agent`): receives the transmitter's signed ban events, keeps the site's
 * list in its own store, writes the middleware files and serves health, metrics and local
 * decisions. `startAgent` wires the parts; the CLI only calls it.
 */
import type { Clock } from "../core/clock.js";
import type { AgentConfig } from "./agent.config.js";
import { buildAgentHttp } from "./agent.routes.js";
import { AgentService } from "./agent.service.js";
import { AgentStore } from "./agent-store.repository.js";
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
}

/** Opens the store, starts the HTTP server and the poll loop. */
export async function startAgent(config: AgentConfig, o: StartAgentOptions): Promise<RunningAgent> {
  const store = new AgentStore(config.stateDir);
  const agent = new AgentService({ config, store, ...o });
  const http = buildAgentHttp({ agent, store, clock: o.clock, site: config.site });
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
  agent.start();
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
