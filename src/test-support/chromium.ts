import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium (package `chromium`); TTT_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.TTT_CHROMIUM ?? "/usr/bin/chromium";
const REQUIRE = process.env.TTT_REQUIRE_CHROMIUM === "1";

/**
 * Why browser tests are skipped, or undefined to run them. Without Chromium they skip with the
 * reason printed, unless TTT_REQUIRE_CHROMIUM=1 (CI), where a missing browser is a failure.
 */
export function chromiumSkip(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set TTT_CHROMIUM)`;
  if (REQUIRE) throw new Error(`${reason}; TTT_REQUIRE_CHROMIUM=1`);
  console.log(`# skipping browser tests: ${reason}`);
  return reason;
}

/**
 * Headless Chromium with the flags a closed network needs: no background connections, no
 * component updates, no sync; --no-sandbox because CI runs as root.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
