import type { TestApp } from "./app.js";

type Headers = { authorization: string };

/** Calls the API and fails loudly on an unexpected status, so factories stay one-liners. */
export async function call(
  t: TestApp,
  headers: Headers,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  payload?: object,
  expect = [200, 201],
): Promise<any> {
  const res = await t.app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload }),
  });
  if (!expect.includes(res.statusCode))
    throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
  return res.body === "" ? null : res.json();
}

/**
 * A small assessment through the API: TR-1 (generic) and TR-4 (per workflow) with workflows a
 * and e, rows TR-1, 4a and 4e, in draft v0.1.
 */
export async function smallAssessment(
  t: TestApp,
  id = "wg",
  rule = "highest-mode",
): Promise<{ fac: Headers; url: string }> {
  const fac = await t.as("facilitator", "fac");
  const url = `/api/v1/assessments/${id}`;
  await call(t, fac, "POST", "/api/v1/assessments", {
    id,
    title: "Token workflows",
    methodology: "ttt-5x5",
    defaultRule: rule,
    firstVersion: "v0.1",
  });
  await call(t, fac, "PUT", `${url}/threats/TR-1`, {
    title: "Token service unavailable",
    assets: ["token service"],
  });
  await call(t, fac, "PUT", `${url}/threats/TR-4`, {
    title: "Token theft or leak",
    perWorkflow: true,
    assets: ["digital identities"],
  });
  await call(t, fac, "PUT", `${url}/workflows/a`, {
    name: "FTS, narrowly scoped long-lived tokens",
  });
  await call(t, fac, "PUT", `${url}/workflows/e`, { name: "User data management" });
  await call(t, fac, "POST", `${url}/rows`, { threat: "TR-1" });
  await call(t, fac, "POST", `${url}/rows`, { threat: "TR-4", workflow: "a" });
  await call(t, fac, "POST", `${url}/rows`, { threat: "TR-4", workflow: "e" });
  return { fac, url };
}

/** Opens a round on a row, has each voter cast [L, I], reveals; returns the revealed round. */
export async function voteRound(
  t: TestApp,
  fac: Headers,
  url: string,
  row: string,
  votes: Record<string, [number, number]>,
): Promise<any> {
  const round = await call(t, fac, "POST", `${url}/rows/${row}/rounds`);
  for (const [name, [likelihood, impact]] of Object.entries(votes)) {
    await call(t, await t.as("assessor", name), "PUT", `/api/v1/rounds/${round.id}/vote`, {
      likelihood,
      impact,
    });
  }
  return call(t, fac, "POST", `/api/v1/rounds/${round.id}/reveal`);
}
