/** Run the CLI from TypeScript sources (tests, `tsx src/cli/entry.ts`). */
import { main } from "./main.js";

process.exitCode = await main(process.argv);
