import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";
import { expectProblem, signUp } from "./support/users.js";

const RFC3339_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("todos", () => {
  const t = useApp();

  async function create(headers: Record<string, string>, payload: object = { title: "Buy milk" }) {
    const response = await t.app.inject({ method: "POST", url: "/todos", headers, payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  test("create returns the todo", async () => {
    const alice = await signUp(t.app);
    const todo = await create(alice, { title: "Buy milk", description: "two litres" });
    expect(todo).toEqual({
      id: expect.any(Number),
      title: "Buy milk",
      description: "two litres",
      completed: false,
      createdAt: expect.stringMatching(RFC3339_MILLIS),
      updatedAt: todo.createdAt,
    });
    expect(await create(alice)).toMatchObject({ description: "" });
  });

  test.each([
    [{}, "title", "is required"],
    [{ title: "" }, "title", "must not be empty"],
    [{ title: "x".repeat(201) }, "title", "must be at most 200 characters"],
    [
      { title: "ok", description: "x".repeat(2001) },
      "description",
      "must be at most 2000 characters",
    ],
    [{ title: "ok", description: null }, "description", "must be a string"],
    [{ title: 5 }, "title", "must be a string"],
    [{ title: "a\u0000b" }, "title", "must not contain NUL characters"],
  ])("create refuses %j", async (payload, field, message) => {
    const alice = await signUp(t.app);
    const response = await t.app.inject({ method: "POST", url: "/todos", headers: alice, payload });
    expect(expectProblem(response, 400).errors).toEqual([{ field, message }]);
  });

  test("lengths count code points, not UTF-16 units", async () => {
    const alice = await signUp(t.app);
    const todo = await create(alice, { title: "🙂".repeat(200) });
    expect([...todo.title]).toHaveLength(200);
  });

  test("get returns the owner's todo; someone else's is 403; a missing one is 404", async () => {
    const alice = await signUp(t.app);
    const bob = await signUp(t.app);
    const todo = await create(alice);
    const own = await t.app.inject({ method: "GET", url: `/todos/${todo.id}`, headers: alice });
    expect(own.json()).toEqual(todo);
    expectProblem(
      await t.app.inject({ method: "GET", url: `/todos/${todo.id}`, headers: bob }),
      403,
    );
    for (const id of [todo.id + 1000, "abc", 0, 2 ** 40]) {
      expectProblem(
        await t.app.inject({ method: "GET", url: `/todos/${id}`, headers: alice }),
        404,
      );
    }
  });

  test("an update replaces what is sent and keeps the rest", async () => {
    const alice = await signUp(t.app);
    const todo = await create(alice, { title: "Buy milk", description: "two litres" });
    const response = await t.app.inject({
      method: "PUT",
      url: `/todos/${todo.id}`,
      headers: alice,
      payload: { title: "Buy oat milk", completed: true },
    });
    expect(response.statusCode).toBe(200);
    const updated = response.json();
    expect(updated).toMatchObject({
      title: "Buy oat milk",
      description: "two litres",
      completed: true,
    });
    expect(updated.createdAt).toBe(todo.createdAt);
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(todo.updatedAt));
  });

  test("every update moves updatedAt forward", async () => {
    const alice = await signUp(t.app);
    let previous = await create(alice);
    for (let i = 0; i < 5; i += 1) {
      const response = await t.app.inject({
        method: "PUT",
        url: `/todos/${previous.id}`,
        headers: alice,
        payload: { title: `take ${i}` },
      });
      const next = response.json();
      expect(Date.parse(next.updatedAt)).toBeGreaterThan(Date.parse(previous.updatedAt));
      previous = next;
    }
  });

  test("update refuses invalid input, someone else's todo and a missing one", async () => {
    const alice = await signUp(t.app);
    const bob = await signUp(t.app);
    const todo = await create(alice);
    const put = (headers: Record<string, string>, id: number, payload: object) =>
      t.app.inject({ method: "PUT", url: `/todos/${id}`, headers, payload });
    const invalid = await put(alice, todo.id, { title: "ok", completed: "yes" });
    expect(expectProblem(invalid, 400).errors).toEqual([
      { field: "completed", message: "must be a boolean" },
    ]);
    expectProblem(await put(alice, todo.id, { description: "no title" }), 400);
    expectProblem(await put(bob, todo.id, { title: "mine now" }), 403);
    expectProblem(await put(alice, todo.id + 1000, { title: "x" }), 404);
  });

  test("delete removes the todo, and only its owner may", async () => {
    const alice = await signUp(t.app);
    const bob = await signUp(t.app);
    const todo = await create(alice);
    const url = `/todos/${todo.id}`;
    expectProblem(await t.app.inject({ method: "DELETE", url, headers: bob }), 403);
    const deleted = await t.app.inject({ method: "DELETE", url, headers: alice });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe("");
    expectProblem(await t.app.inject({ method: "GET", url, headers: alice }), 404);
    expectProblem(await t.app.inject({ method: "DELETE", url, headers: alice }), 404);
  });

  test("every todo endpoint needs a token, checked before the body", async () => {
    const requests = [
      { method: "POST", url: "/todos", payload: { title: 5 } },
      { method: "GET", url: "/todos?page=0" },
      { method: "GET", url: "/todos/1" },
      { method: "PUT", url: "/todos/1", payload: {} },
      { method: "DELETE", url: "/todos/abc" },
    ] as const;
    for (const request of requests) {
      expectProblem(await t.app.inject(request), 401);
    }
  });

  test("path ids run from 1 to 2^53 − 1; any other is a 404, never a database error", async () => {
    const alice = await signUp(t.app);
    for (const id of [
      "9007199254740991",
      "2147483648",
      "0",
      "-1",
      "9007199254740992",
      "1e3",
      "99999999999999999999",
    ]) {
      const response = await t.app.inject({ method: "GET", url: `/todos/${id}`, headers: alice });
      expectProblem(response, 404);
    }
  });
});
