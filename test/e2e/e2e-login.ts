import type { Browser, BrowserContext, Page } from "playwright-core";

/** A page that remembers the browser errors it saw, so a test can require there were none. */
export type WatchedPage = Page & { problems: string[] };

/**
 * A browser context of its own (cookies, storage) logged in through the login page and landed
 * on `next`; console errors other than the API's 4xx answers (which the tests check themselves) are collected on the page.
 */
export async function loginPage(
  browser: Browser,
  base: string,
  user: { name: string; password: string },
  next: string,
  opts: { phone?: boolean; contexts?: BrowserContext[] } = {},
): Promise<WatchedPage> {
  const phone = opts.phone ?? false;
  const context = await browser.newContext({
    baseURL: base,
    acceptDownloads: true,
    viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  opts.contexts?.push(context);
  const page = (await context.newPage()) as WatchedPage;
  page.setDefaultTimeout(15_000);
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) page.problems.push(m.text());
  });
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByTestId("login-username").fill(user.name);
  await page.getByTestId("login-password").fill(user.password);
  await page.getByTestId("login-submit").click();
  await page.waitForURL(`**${next}`);
  return page;
}
