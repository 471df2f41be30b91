/** Run the CLI from TypeScript sources (tests, `tsx src/cli/entry.ts`); mirrors bin/ttt.js. */
if (process.argv[2] === "condor-plugin") {
  const { condorPluginMain } = await import("./commands/condor-plugin.command.js");
  process.exitCode = await condorPluginMain(process.argv);
} else {
  const { main } = await import("./main.js");
  process.exitCode = await main(process.argv);
}
