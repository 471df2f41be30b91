/**
 * Just enough of a browser for the OIDC tests: a cookie jar (origin and path aware) and
 * fetch with manual redirects, so each hop of the flow can be looked at (and tampered with).
 */
export class Browser {
  private readonly cookies = new Map<string, { origin: string; path: string; value: string }>();

  cookie(origin: string, name: string): string | undefined {
    for (const [key, c] of this.cookies)
      if (c.origin === origin && key.endsWith(`|${name}`)) return c.value;
    return undefined;
  }

  /** One request, no redirect followed; cookies sent and stored like a browser would. */
  async request(url: URL, init: { method?: string; form?: Record<string, string> } = {}) {
    const header = [...this.cookies]
      .filter(([, c]) => c.origin === url.origin && url.pathname.startsWith(c.path))
      .map(([key, c]) => `${key.split("|")[2]}=${c.value}`)
      .join("; ");
    const res = await fetch(url, {
      method: init.method ?? (init.form ? "POST" : "GET"),
      redirect: "manual",
      headers: {
        ...(header ? { cookie: header } : {}),
        ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    for (const line of res.headers.getSetCookie()) this.store(url, line);
    const location = res.headers.get("location");
    return {
      status: res.status,
      location: location === null ? undefined : new URL(location, url),
      body: await res.text(),
    };
  }

  private store(url: URL, line: string): void {
    const [pair = "", ...attrs] = line.split(";").map((s) => s.trim());
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const attr = (n: string) =>
      attrs.find((a) => a.toLowerCase().startsWith(`${n}=`))?.slice(n.length + 1);
    const path = attr("path") ?? "/";
    const key = `${url.origin}|${path}|${name}`;
    const expires = attr("expires");
    const gone =
      value === "" ||
      attr("max-age") === "0" ||
      (expires !== undefined && Date.parse(expires) <= Date.now());
    if (gone) this.cookies.delete(key);
    else this.cookies.set(key, { origin: url.origin, path, value });
  }
}

const decode = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&#x2F;/gi, "/")
    .replace(/&quot;/g, '"');

export interface LoginRun {
  /** The provider URL TTT redirected to (state, nonce, code_challenge …). */
  authorizationUrl: URL;
  /** The provider's redirect back to TTT, as received (before any tampering). */
  callbackUrl?: URL | undefined;
  /** Where TTT's callback finally sent the browser ("/", "/login?error=…"). */
  final?: URL | undefined;
}

/**
 * Drives a whole login: TTT's /login → the provider's dev login and consent forms (as
 * `account`, any password) → TTT's callback, with hooks to tamper with the callback or act
 * before it arrives. `deny` aborts at the provider instead of logging in.
 */
export async function oidcLogin(
  browser: Browser,
  base: string,
  account: string,
  opts: {
    query?: string;
    deny?: boolean;
    beforeCallback?: (callback: URL) => URL | Promise<URL>;
  } = {},
): Promise<LoginRun> {
  const start = await browser.request(new URL(`/api/v1/auth/oidc/login${opts.query ?? ""}`, base));
  if (start.status !== 302 || start.location === undefined)
    throw new Error(`login did not redirect: ${start.status} ${start.body}`);
  const run: LoginRun = { authorizationUrl: start.location };
  if (start.location.origin === new URL(base).origin) return { ...run, final: start.location };
  let next: URL = start.location;
  for (let hop = 0; hop < 20; hop++) {
    const res = await browser.request(next);
    if (res.location !== undefined) {
      if (res.location.origin === new URL(base).origin) {
        run.callbackUrl = res.location;
        const callback = opts.beforeCallback
          ? await opts.beforeCallback(res.location)
          : res.location;
        const done = await browser.request(callback);
        if (done.status !== 302) throw new Error(`callback answered ${done.status}: ${done.body}`);
        return { ...run, final: done.location };
      }
      next = res.location;
      continue;
    }
    if (res.status !== 200) throw new Error(`provider answered ${res.status}: ${res.body}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(res.body)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(res.body)?.[1];
    if (action === undefined || prompt === undefined)
      throw new Error(`no interaction form at ${next.href}: ${res.body.slice(0, 500)}`);
    const submit = new URL(decode(action), next);
    if (opts.deny) {
      next = new URL(`${submit.pathname}/abort`, submit);
      continue;
    }
    const form: Record<string, string> =
      prompt === "login" ? { prompt, login: account, password: "any-password" } : { prompt };
    const posted = await browser.request(submit, { form });
    if (posted.location === undefined)
      throw new Error(`form ${prompt} answered ${posted.status}: ${posted.body.slice(0, 500)}`);
    next = posted.location;
  }
  throw new Error("too many hops at the provider");
}
