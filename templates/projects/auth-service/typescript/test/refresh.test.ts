import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";
import {
  type Answer,
  bearer,
  expectProblem,
  fields,
  login,
  logout,
  refresh,
  refreshToken,
  register,
} from "./support/users.js";

describe("refresh and logout", () => {
  const t = useApp();
  const alice = () => register(t.app, "alice@example.com", "Alice");

  async function rotate(answer: Pick<Answer, "tokens">): Promise<Pick<Answer, "tokens">> {
    const response = await refresh(t.app, refreshToken(answer));
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  test("refresh returns a new pair and spends the old token", async () => {
    const registered = await alice();
    const response = await refresh(t.app, refreshToken(registered));
    expect(response.statusCode).toBe(200);
    const answer = response.json();
    expect(Object.keys(answer)).toEqual(["tokens"]);
    expect(refreshToken(answer)).not.toBe(refreshToken(registered));
    const me = await t.app.inject({ method: "GET", url: "/users/me", headers: bearer(answer) });
    expect(me.json()).toEqual(registered.user);
    expectProblem(await refresh(t.app, refreshToken(registered)), 401);
  });

  test("each new token can be spent once", async () => {
    let answer: Pick<Answer, "tokens"> = await alice();
    for (let i = 0; i < 3; i += 1) {
      answer = await rotate(answer);
    }
    expect((await refresh(t.app, refreshToken(answer))).statusCode).toBe(200);
  });

  test("a spent token presented again revokes its whole family, and only it", async () => {
    const first = await alice();
    const otherLogin = await login(t.app, "alice@example.com");
    const second = await rotate(first);
    const third = await rotate(second);

    const reuse = await refresh(t.app, refreshToken(first));
    expect(expectProblem(reuse, 401).detail).toBe(
      "the refresh token is unknown, expired, revoked or already used",
    );
    expectProblem(await refresh(t.app, refreshToken(third)), 401);
    expectProblem(await logout(t.app, refreshToken(third)), 401);
    // Another login of the same user is another family, and unaffected.
    await rotate(otherLogin);
  });

  test("concurrent refreshes with one token let exactly one win", async () => {
    const answer = await alice();
    const racers = 6;
    const responses = await Promise.all(
      Array.from({ length: racers }, () => refresh(t.app, refreshToken(answer))),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, ...Array(racers - 1).fill(401)]);
    // The losers presented a spent token: that is reuse, so the winner's token is revoked too.
    const winner = responses.find((response) => response.statusCode === 200)?.json();
    expectProblem(await refresh(t.app, refreshToken(winner)), 401);
  });

  test("an unknown token is 401", async () => {
    expectProblem(await refresh(t.app, "no-such-token"), 401);
    expectProblem(await logout(t.app, "no-such-token"), 401);
  });

  test("an expired token is 401", async () => {
    const answer = await alice();
    await t.db
      .updateTable("refresh_tokens")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expectProblem(await refresh(t.app, refreshToken(answer)), 401);
    expectProblem(await logout(t.app, refreshToken(answer)), 401);
  });

  test("only a hash of each token is stored", async () => {
    const token = refreshToken(await alice());
    const stored = await t.db.selectFrom("refresh_tokens").select("token_hash").execute();
    expect(stored).toEqual([{ token_hash: createHash("sha256").update(token).digest("hex") }]);
  });

  test("logout revokes the whole family", async () => {
    const first = await alice();
    const second = await rotate(first);
    const response = await logout(t.app, refreshToken(second));
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expectProblem(await refresh(t.app, refreshToken(second)), 401);
    const again = await logout(t.app, refreshToken(second));
    expect(expectProblem(again, 401).detail).toBe(
      "the refresh token is unknown, expired or already revoked",
    );
  });

  test("logout with a spent token still ends the login", async () => {
    const first = await alice();
    const second = await rotate(first);
    expect((await logout(t.app, refreshToken(first))).statusCode).toBe(204);
    expectProblem(await refresh(t.app, refreshToken(second)), 401);
  });

  test("logout leaves other logins alone", async () => {
    const first = await alice();
    const otherLogin = await login(t.app, "alice@example.com");
    expect((await logout(t.app, refreshToken(first))).statusCode).toBe(204);
    await rotate(otherLogin);
  });

  test("an access token outlives logout until it expires", async () => {
    // The documented trade-off: services verify access tokens without calling back.
    const answer = await alice();
    await logout(t.app, refreshToken(answer));
    const me = await t.app.inject({ method: "GET", url: "/users/me", headers: bearer(answer) });
    expect(me.statusCode).toBe(200);
  });

  test.each([
    {},
    { refreshToken: "" },
    { refreshToken: null },
    { refreshToken: 5 },
    { refreshToken: ["x"] },
    { refreshToken: "x".repeat(513) },
    { refresh_token: "x" },
  ])("%j is 400 naming refreshToken", async (payload) => {
    for (const url of ["/auth/refresh", "/auth/logout"]) {
      const response = await t.app.inject({ method: "POST", url, payload });
      expect(fields(response), url).toEqual(["refreshToken"]);
    }
  });
});
