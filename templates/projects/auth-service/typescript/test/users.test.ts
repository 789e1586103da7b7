import { SignJWT } from "jose";
import { describe, expect, test } from "vitest";
import { SigningKey } from "../src/auth/signing.js";
import { useApp } from "./support/app.js";
import { TEST_ISSUER, TEST_KEY } from "./support/config.js";
import {
  bearer,
  expectProblem,
  fields,
  loginAdmin,
  refreshToken,
  register,
} from "./support/users.js";

/** A token signed with `key` (the service's by default) for the given subject and expiry. */
function signed(
  subject: string,
  { expires = 2 ** 40, issuer = TEST_ISSUER, key = TEST_KEY } = {},
): Promise<string> {
  return new SignJWT({ role: "admin" })
    .setProtectedHeader({ alg: "EdDSA", kid: key.kid })
    .setSubject(subject)
    .setIssuer(issuer)
    .setIssuedAt(expires - 900)
    .setExpirationTime(expires)
    .sign(key.privateKey);
}

describe("users", () => {
  const t = useApp();

  test("/users/me is the caller", async () => {
    const alice = await register(t.app, "alice@example.com");
    const response = await t.app.inject({
      method: "GET",
      url: "/users/me",
      headers: bearer(alice),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(alice.user);
  });

  test.each([
    ["no header", async () => undefined],
    ["an empty bearer", async () => "Bearer"],
    ["garbage", async () => "Bearer not-a-token"],
    ["another scheme", async () => "Basic YWRhOnB3"],
    ["an expired token", async () => `Bearer ${await signed("1", { expires: 1000 })}`],
    ["another issuer", async () => `Bearer ${await signed("1", { issuer: "elsewhere" })}`],
    [
      "another key",
      async () => `Bearer ${await signed("1", { key: SigningKey.fromHex("42".repeat(32)) })}`,
    ],
    ["a user that does not exist", async () => `Bearer ${await signed("999")}`],
    ["a subject beyond any id", async () => `Bearer ${await signed(String(2 ** 64))}`],
  ])("%s is 401", async (_, authorization) => {
    const value = await authorization();
    const headers = value ? { authorization: value } : {};
    for (const url of ["/users/me", "/users"]) {
      const response = await t.app.inject({ method: "GET", url, headers });
      expectProblem(response, 401);
      expect(response.headers["www-authenticate"]).toBe("Bearer");
    }
    const patch = await t.app.inject({
      method: "PATCH",
      url: "/users/1",
      headers,
      payload: { role: "user" },
    });
    expectProblem(patch, 401);
  });

  test("a refresh token is not an access token", async () => {
    const alice = await register(t.app, "alice@example.com");
    const response = await t.app.inject({
      method: "GET",
      url: "/users/me",
      headers: { authorization: `Bearer ${refreshToken(alice)}` },
    });
    expectProblem(response, 401);
  });

  test("admins list users a page at a time, by id", async () => {
    const admin = await loginAdmin(t.app);
    const ids: number[] = [];
    for (let n = 0; n < 4; n += 1) {
      ids.push((await register(t.app, `user${n}@example.com`)).user.id);
    }
    const list = async (query: string) =>
      (await t.app.inject({ method: "GET", url: `/users${query}`, headers: bearer(admin) })).json();

    const first = await list("?limit=2");
    expect(first.data.map((user: { id: number }) => user.id)).toEqual([admin.user.id, ids[0]]);
    expect([first.page, first.limit, first.total]).toEqual([1, 2, 5]);
    const last = await list("?page=3&limit=2");
    expect(last.data.map((user: { id: number }) => user.id)).toEqual([ids[3]]);
    const beyond = await list("?page=1000");
    expect([beyond.data, beyond.limit, beyond.total]).toEqual([[], 10, 5]);
    const everyone = await list("");
    expect(everyone.data[0]).toEqual(admin.user);
  });

  test("listing users is for admins only", async () => {
    const alice = await register(t.app, "alice@example.com");
    const response = await t.app.inject({ method: "GET", url: "/users", headers: bearer(alice) });
    expect(expectProblem(response, 403).detail).toBe("only admins may do this");
  });

  test.each([
    ["?page=0", "page"],
    ["?page=one", "page"],
    ["?page=1.0", "page"],
    ["?limit=0", "limit"],
    ["?limit=101", "limit"],
    ["?limit=1e1", "limit"],
  ])("%s is 400 naming %s", async (query, field) => {
    const admin = await loginAdmin(t.app);
    const response = await t.app.inject({
      method: "GET",
      url: `/users${query}`,
      headers: bearer(admin),
    });
    expect(fields(response)).toEqual([field]);
  });

  test("an access token holds until it expires", async () => {
    const alice = await register(t.app, "alice@example.com");
    const id = String(alice.user.id);
    const now = Math.floor(Date.now() / 1000);
    const me = async (token: string) =>
      t.app.inject({
        method: "GET",
        url: "/users/me",
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await me(await signed(id, { expires: now + 60 }))).statusCode).toBe(200);
    expectProblem(await me(await signed(id, { expires: now - 1 })), 401);
  });
});
