import { beforeEach, describe, expect, test } from "vitest";
import { caseKey } from "../src/case.js";
import { useApp } from "./support/app.js";
import { bearer, createRoom, expectProblem, fieldsOf, register } from "./support/users.js";

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe("rooms", () => {
  const t = useApp();
  let alice: string;
  let bob: string;
  beforeEach(async () => {
    alice = await register(t.app, "alice");
    bob = await register(t.app, "bob");
  });

  const post = (token: string, payload: unknown) =>
    t.app.inject({
      method: "POST",
      url: "/rooms",
      headers: bearer(token),
      payload: payload as object,
    });

  test("create returns the room", async () => {
    const room = await createRoom(t.app, alice, "General");
    expect(Object.keys(room).sort()).toEqual(["createdAt", "id", "name"]);
    expect(room.name).toBe("General");
    expect(room.createdAt).toMatch(TIMESTAMP);
  });

  test.each([
    [{}, "is required"],
    [{ name: "" }, "must not be empty"],
    [{ name: "x".repeat(65) }, "must be at most 64 characters"],
    [{ name: "🎉".repeat(65) }, "must be at most 64 characters"],
    [{ name: 5 }, "must be a string"],
    [{ name: null }, "must be a string"],
    [{ name: ["general"] }, "must be a string"],
    [{ name: "a\u0000b" }, "must not contain NUL characters"],
  ])("create refuses %j", async (payload, message) => {
    expect(expectProblem(await post(alice, payload), 400).errors).toEqual([
      { field: "name", message },
    ]);
  });

  test("a name with a lone surrogate cannot be stored: 400", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/rooms",
      headers: { ...bearer(alice), "content-type": "application/json" },
      payload: '{"name": "\\ud800"}',
    });
    expect(fieldsOf(response)).toEqual(["name"]);
  });

  test("a body that is not JSON is named body", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/rooms",
      headers: { ...bearer(alice), "content-type": "application/json" },
      payload: "[",
    });
    expect(fieldsOf(response)).toEqual(["body"]);
  });

  test("names count code points", async () => {
    expect((await createRoom(t.app, alice, "🎉".repeat(64))).name).toBe("🎉".repeat(64));
  });

  test.each([
    ["General", "gENERAL"],
    ["Straße", "STRASSE"],
    ["Émile", "éMILE"],
  ])("%s and %s are the same name", async (first, second) => {
    await createRoom(t.app, alice, first);
    expect(expectProblem(await post(bob, { name: second }), 409).detail).toBe(
      "a room with this name already exists",
    );
  });

  test("names fold case in full, not only ASCII", () => {
    expect(caseKey("Straße")).toBe(caseKey("STRASSE"));
    expect(caseKey("ΣΊΣΥΦΟΣ")).toBe(caseKey("σίσυφος"));
    expect(caseKey("general")).not.toBe(caseKey("generals"));
  });

  test("two rooms racing for one name: one wins, the other is 409", async () => {
    const responses = await Promise.all([
      post(alice, { name: "race" }),
      post(bob, { name: "RACE" }),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
  });

  test("the list has every room in id order, whoever made it", async () => {
    const created = [await createRoom(t.app, alice, "b"), await createRoom(t.app, bob, "a")];
    const response = await t.app.inject({ method: "GET", url: "/rooms", headers: bearer(bob) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ data: created });
  });

  test("an empty list is still an object", async () => {
    const response = await t.app.inject({ method: "GET", url: "/rooms", headers: bearer(alice) });
    expect(response.json()).toEqual({ data: [] });
  });
});
