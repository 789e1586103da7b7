import { decodeJwt } from "jose";
import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";
import {
  type Answer,
  bearer,
  expectProblem,
  fields,
  loginAdmin,
  refresh,
  refreshToken,
  register,
} from "./support/users.js";

describe("roles", () => {
  const t = useApp();

  const patchRole = (caller: Answer, id: number | string, role: unknown) =>
    t.app.inject({
      method: "PATCH",
      url: `/users/${id}`,
      headers: bearer(caller),
      payload: { role },
    });
  const me = async (caller: Answer) =>
    (await t.app.inject({ method: "GET", url: "/users/me", headers: bearer(caller) })).json();

  test("a promotion shows at once and in the next tokens", async () => {
    const admin = await loginAdmin(t.app);
    const alice = await register(t.app, "alice@example.com");
    const promoted = await patchRole(admin, alice.user.id, "admin");
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toEqual({ ...alice.user, role: "admin" });
    expect((await me(alice)).role).toBe("admin");
    // Alice's current token still says "user", but her role is read from the database.
    const list = await t.app.inject({ method: "GET", url: "/users", headers: bearer(alice) });
    expect(list.statusCode).toBe(200);
    const renewed = (await refresh(t.app, refreshToken(alice))).json();
    expect(decodeJwt(renewed.tokens.access.token).role).toBe("admin");
  });

  test("a demoted admin loses admin rights at once", async () => {
    const admin = await loginAdmin(t.app);
    const alice = await register(t.app, "alice@example.com");
    await patchRole(admin, alice.user.id, "admin");
    const demoted = await patchRole(alice, admin.user.id, "user");
    expect(demoted.json()).toMatchObject({ id: admin.user.id, role: "user" });
    expectProblem(
      await t.app.inject({ method: "GET", url: "/users", headers: bearer(admin) }),
      403,
    );
  });

  test("demoting the last admin is 409 and changes nothing", async () => {
    const admin = await loginAdmin(t.app);
    const refused = await patchRole(admin, admin.user.id, "user");
    expect(expectProblem(refused, 409).detail).toBe(
      `user ${admin.user.id} is the last admin: promote another first`,
    );
    expect((await me(admin)).role).toBe("admin");
  });

  test("setting the role a user already has is fine", async () => {
    const admin = await loginAdmin(t.app);
    const alice = await register(t.app, "alice@example.com");
    expect((await patchRole(admin, alice.user.id, "user")).json().role).toBe("user");
    expect((await patchRole(admin, admin.user.id, "admin")).json().role).toBe("admin");
  });

  test("changing roles is for admins only", async () => {
    const alice = await register(t.app, "alice@example.com");
    const bob = await register(t.app, "bob@example.com");
    expectProblem(await patchRole(alice, bob.user.id, "admin"), 403);
    expectProblem(await patchRole(alice, alice.user.id, "admin"), 403);
    expect((await me(alice)).role).toBe("user");
  });

  test.each([
    ["999", "999"],
    ["0", "0"],
    ["-1", "-1"],
    ["abc", "abc"],
    ["1.5", "1.5"],
    ["2^31", String(2 ** 31)],
    // The largest id the API takes (2^53 − 1), and the first one past it.
    ["2^53 - 1", "9007199254740991"],
    ["2^53", "9007199254740992"],
    ["1e3", "1e3"],
    ["2^63", String(2 ** 63)],
    ["90 nines", "9".repeat(90)],
  ])("user %s cannot exist: 404", async (_, id) => {
    const admin = await loginAdmin(t.app);
    const response = await patchRole(admin, id, "admin");
    expect(expectProblem(response, 404).title).toBe("Not Found");
  });

  test("/users/me is not a user id", async () => {
    const admin = await loginAdmin(t.app);
    const response = await patchRole(admin, "me", "user");
    expectProblem(response, 405);
    expect(response.headers.allow).toBe("GET, HEAD");
  });

  test.each([{}, { role: "owner" }, { role: "Admin" }, { role: null }, { role: 1 }])(
    "%j is 400 naming role",
    async (payload) => {
      const admin = await loginAdmin(t.app);
      const alice = await register(t.app, "alice@example.com");
      const response = await t.app.inject({
        method: "PATCH",
        url: `/users/${alice.user.id}`,
        headers: bearer(admin),
        payload,
      });
      expect(fields(response)).toEqual(["role"]);
    },
  );

  test("two admins demoting each other at once leave one admin", async () => {
    const admin = await loginAdmin(t.app);
    const alice = await register(t.app, "alice@example.com");
    await patchRole(admin, alice.user.id, "admin");

    const responses = await Promise.all([
      patchRole(admin, alice.user.id, "user"),
      patchRole(alice, admin.user.id, "user"),
    ]);

    // The loser is refused as the last admin (409) or, if it came second, as no admin (403).
    const statuses = responses.map((response) => response.statusCode).sort();
    expect([
      [200, 403],
      [200, 409],
    ]).toContainEqual(statuses);
    const roles = [(await me(admin)).role, (await me(alice)).role].sort();
    expect(roles).toEqual(["admin", "user"]);
  });
});
