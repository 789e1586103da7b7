import { describe, expect, test } from "vitest";
import { buildApp } from "../src/app.js";
import { useApp } from "./support/app.js";
import { ADMIN_EMAIL, testConfig } from "./support/config.js";
import { expectErrors, loginAdmin, publish, register } from "./support/users.js";

describe("roles", () => {
  const t = useApp();

  const setRole = (headers: Record<string, string>, username: string, role: string) =>
    t.app.inject({
      method: "PUT",
      url: `/api/admin/users/${username}/role`,
      headers,
      payload: { role },
    });

  test("the first admin exists before the first request, and a restart does not recreate it", async () => {
    const rows = await t.db.selectFrom("users").select(["username", "email", "role"]).execute();
    expect(rows).toEqual([{ username: "admin", email: ADMIN_EMAIL, role: "admin" }]);
    const again = await buildApp({ config: testConfig(), db: t.db });
    await again.close();
    expect(await t.db.selectFrom("users").select("id").execute()).toHaveLength(1);
  });

  test("a moderator deletes anyone's article but edits none; an author deletes only their own", async () => {
    const admin = await loginAdmin(t.app);
    const alice = await register(t.app);
    const mod = await register(t.app);
    const { slug } = await publish(t.app, alice);
    expectErrors(
      await t.app.inject({ method: "DELETE", url: `/api/articles/${slug}`, headers: mod.headers }),
      403,
    );
    const promoted = await setRole(admin.headers, mod.username, "moderator");
    expect(promoted.statusCode, promoted.body).toBe(200);
    expect(promoted.json()).toMatchObject({ username: mod.username, role: "moderator" });
    // The role is read from the database: the token issued before the change carries it at once.
    const edit = await t.app.inject({
      method: "PUT",
      url: `/api/articles/${slug}`,
      headers: mod.headers,
      payload: { article: { body: "x" } },
    });
    expectErrors(edit, 403);
    expect(
      (await t.app.inject({ method: "DELETE", url: `/api/articles/${slug}`, headers: mod.headers }))
        .statusCode,
    ).toBe(204);
  });

  test("only an admin lists users and changes roles; an unknown role is a 422, an unknown user a 404", async () => {
    const admin = await loginAdmin(t.app);
    const alice = await register(t.app);
    expectErrors(await t.app.inject({ url: "/api/admin/users", headers: alice.headers }), 403);
    expectErrors(await t.app.inject({ url: "/api/admin/users" }), 401);
    expectErrors(await setRole(alice.headers, alice.username, "admin"), 403);
    const page = (
      await t.app.inject({ url: "/api/admin/users?limit=1&offset=1", headers: admin.headers })
    ).json();
    expect(page).toEqual({
      users: [
        {
          username: alice.username,
          email: alice.email,
          role: "author",
          createdAt: expect.any(String),
        },
      ],
      usersCount: 2,
    });
    expectErrors(await setRole(admin.headers, alice.username, "emperor"), 422, ["role"]);
    expectErrors(await setRole(admin.headers, "nobody", "moderator"), 404);
    expectErrors(
      await t.app.inject({ url: "/api/admin/users?limit=101", headers: admin.headers }),
      422,
    );
  });

  test("the last admin cannot step down (409), and two admins demoting each other leave one", async () => {
    const admin = await loginAdmin(t.app);
    expectErrors(await setRole(admin.headers, "admin", "author"), 409, ["role"]);
    const other = await register(t.app);
    await setRole(admin.headers, other.username, "admin");
    const results = await Promise.all([
      setRole(admin.headers, other.username, "author"),
      setRole(other.headers, "admin", "author"),
    ]);
    const codes = results.map((response) => response.statusCode).sort();
    // Whichever runs second either sees the other's demotion (409) or no longer is an admin (403).
    expect(codes[0]).toBe(200);
    expect([403, 409]).toContain(codes[1]);
    const admins = await t.db
      .selectFrom("users")
      .select("id")
      .where("role", "=", "admin")
      .execute();
    expect(admins).toHaveLength(1);
  });
});

describe("CORS", () => {
  const t = useApp();

  test("a preflight from another origin is allowed, and every answer carries the header", async () => {
    const preflight = await t.app.inject({
      method: "OPTIONS",
      url: "/api/articles",
      headers: {
        origin: "http://localhost:4200",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("*");
    expect(preflight.headers["access-control-allow-headers"]).toMatch(/Authorization/);
    const failed = await t.app.inject({
      url: "/api/user",
      headers: { origin: "http://localhost:4200" },
    });
    expect(failed.statusCode).toBe(401);
    expect(failed.headers["access-control-allow-origin"]).toBe("*");
    expectErrors(await t.app.inject({ url: "/api/no-such-route" }), 404);
    // A slug longer than the router takes is refused before any hook runs: RealWorld's words still.
    const long = await t.app.inject({ url: `/api/articles/${"a".repeat(120)}` });
    expectErrors(long, 404);
    expect(long.headers["access-control-allow-origin"]).toBe("*");
  });
});
