import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { describe, expect, test } from "vitest";
import { buildApp } from "../src/app.js";
import type { Config } from "../src/config.js";
import { useApp } from "./support/app.js";
import { ADMIN_EMAIL, PASSWORD, testConfig } from "./support/config.js";
import { capturedLogger } from "./support/logs.js";
import { bearer, login, loginAdmin, register } from "./support/users.js";

describe("the first admin", () => {
  const t = useApp();

  /** Another start of the server on the same database. */
  async function restart(overrides: Partial<Config> = {}, logger?: FastifyBaseLogger) {
    return buildApp({ config: testConfig(overrides), db: t.db, ...(logger && { logger }) });
  }

  async function users(app: FastifyInstance) {
    const admin = await loginAdmin(app);
    const response = await app.inject({ method: "GET", url: "/users", headers: bearer(admin) });
    return response.json().data as { email: string; name: string; role: string }[];
  }

  test("exists before the first request", async () => {
    const rows = await t.db.selectFrom("users").select(["email", "name", "role"]).execute();
    expect(rows).toEqual([{ email: ADMIN_EMAIL, name: "Administrator", role: "admin" }]);
    expect((await loginAdmin(t.app)).user.role).toBe("admin");
  });

  test("a restart never recreates the admin or resets its password", async () => {
    const restarted = await restart({
      admin: { email: ADMIN_EMAIL, password: "another password 2" },
    });
    try {
      expect(await users(restarted)).toHaveLength(1);
    } finally {
      await restarted.close();
    }
  });

  test("a restart keeps a deliberate demotion", async () => {
    const admin = await loginAdmin(t.app);
    const alice = await register(t.app, "alice@example.com");
    const promote = { method: "PATCH", payload: { role: "admin" } } as const;
    await t.app.inject({ ...promote, url: `/users/${alice.user.id}`, headers: bearer(admin) });
    await t.app.inject({
      method: "PATCH",
      url: `/users/${admin.user.id}`,
      headers: bearer(alice),
      payload: { role: "user" },
    });
    const restarted = await restart();
    try {
      expect((await login(restarted, ADMIN_EMAIL)).user.role).toBe("user");
    } finally {
      await restarted.close();
    }
  });

  test("an admin email taken by a user is left alone, with a warning", async () => {
    await t.db.deleteFrom("users").execute();
    await register(t.app, ADMIN_EMAIL);
    const { logger, text } = capturedLogger();
    const restarted = await restart({}, logger);
    try {
      expect((await login(restarted, ADMIN_EMAIL)).user.role).toBe("user");
    } finally {
      await restarted.close();
    }
    expect(text()).toContain("is not an admin");
  });
});

describe("without admin settings", () => {
  const t = useApp({ admin: undefined });

  test("no account is made", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/auth/login",
      payload: { email: ADMIN_EMAIL, password: PASSWORD },
    });
    expect(response.statusCode).toBe(401);
    expect(await t.db.selectFrom("users").selectAll().execute()).toEqual([]);
  });
});
