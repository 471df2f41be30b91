import type { Command } from "commander";
import { systemClock } from "../../core/clock.js";
import { ValidationError } from "../../core/errors.js";
import type { GlobalOptions } from "../runtime.js";

/**
 * `ttt agent --config site.yaml`: the site agent (docs/agent.md). Runs until SIGINT/SIGTERM;
 * the API token comes from the environment variable the configuration names
 * (TTT_AGENT_TOKEN by default), never from the command line.
 */
export function agentCommand(program: Command): void {
  program
    .command("agent")
    .description(
      "site agent: receive signed ban events, keep the site's list, write middleware ban files",
    )
    .action(async (_o: unknown, cmd: Command) => {
      const file = cmd.optsWithGlobals<GlobalOptions>().config;
      if (file === undefined)
        throw new ValidationError("ttt agent needs --config <site.yaml>", [
          { path: "--config", message: "required" },
        ]);
      // loaded here, not with the CLI: the agent's HTTP server (Fastify) only for this command
      const { loadAgentConfig, startAgent } = await import("../../agent/index.js");
      const config = loadAgentConfig(file);
      const log = (msg: string) =>
        void process.stderr.write(`${new Date().toISOString()} ${msg}\n`);
      const running = await startAgent(config, {
        clock: systemClock,
        fetch: globalThis.fetch,
        token: process.env[config.transmitter.tokenEnv],
        log,
      });
      log(`agent for ${config.site} up; health and metrics at ${running.httpUrl}`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await running.stop();
    });
}
