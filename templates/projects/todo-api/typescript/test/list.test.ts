import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";
import { expectProblem, signUp } from "./support/users.js";

describe("listing todos", () => {
  const t = useApp();

  async function createAll(headers: Record<string, string>, todos: object[]) {
    const created = [];
    for (const payload of todos) {
      const response = await t.app.inject({ method: "POST", url: "/todos", headers, payload });
      created.push(response.json());
    }
    return created;
  }

  const list = async (headers: Record<string, string>, query = "") => {
    const response = await t.app.inject({ method: "GET", url: `/todos${query}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  const titles = (page: { data: { title: string }[] }) => page.data.map((todo) => todo.title);

  test("an empty list is a page", async () => {
    expect(await list(await signUp(t.app))).toEqual({ data: [], page: 1, limit: 10, total: 0 });
  });

  test("pages split the list in creation order", async () => {
    const alice = await signUp(t.app);
    await createAll(
      alice,
      Array.from({ length: 12 }, (_, i) => ({ title: `todo ${i}` })),
    );
    const first = await list(alice);
    expect(first).toMatchObject({ page: 1, limit: 10, total: 12 });
    expect(titles(first)).toEqual(Array.from({ length: 10 }, (_, i) => `todo ${i}`));
    const second = await list(alice, "?page=2&limit=10");
    expect(titles(second)).toEqual(["todo 10", "todo 11"]);
    expect(await list(alice, "?page=9&limit=5")).toMatchObject({
      data: [],
      page: 9,
      limit: 5,
      total: 12,
    });
  });

  test("only the caller's todos are listed", async () => {
    const alice = await signUp(t.app);
    const bob = await signUp(t.app);
    await createAll(alice, [{ title: "alice's" }]);
    await createAll(bob, [{ title: "bob's" }]);
    expect(titles(await list(alice))).toEqual(["alice's"]);
  });

  test.each([
    ["?page=0", "page"],
    ["?page=-1", "page"],
    ["?page=1.5", "page"],
    ["?page=two", "page"],
    ["?limit=0", "limit"],
    ["?limit=101", "limit"],
    ["?completed=yes", "completed"],
    ["?sort=priority", "sort"],
  ])("%s is 400 naming %s", async (query, field) => {
    const response = await t.app.inject({
      method: "GET",
      url: `/todos${query}`,
      headers: await signUp(t.app),
    });
    const body = expectProblem(response, 400);
    expect((body.errors as { field: string }[]).map((error) => error.field)).toContain(field);
  });

  test("completed filters", async () => {
    const alice = await signUp(t.app);
    const [done] = await createAll(alice, [{ title: "done" }, { title: "open" }]);
    await t.app.inject({
      method: "PUT",
      url: `/todos/${done.id}`,
      headers: alice,
      payload: { title: "done", completed: true },
    });
    expect(titles(await list(alice, "?completed=true"))).toEqual(["done"]);
    expect(titles(await list(alice, "?completed=false"))).toEqual(["open"]);
  });

  test("q matches title or description without regard to case", async () => {
    const alice = await signUp(t.app);
    await createAll(alice, [
      { title: "Buy MILK" },
      { title: "call mum", description: "about the milkman" },
      { title: "water plants" },
    ]);
    const page = await list(alice, "?q=Milk");
    expect(titles(page)).toEqual(["Buy MILK", "call mum"]);
    expect(page.total).toBe(2);
  });

  test("% and _ in q are literal characters, not wildcards", async () => {
    const alice = await signUp(t.app);
    await createAll(alice, [
      { title: "100% done" },
      { title: "1000 done" },
      { title: "snake_case" },
      { title: "snakeXcase" },
    ]);
    expect(titles(await list(alice, `?q=${encodeURIComponent("0%")}`))).toEqual(["100% done"]);
    expect(titles(await list(alice, "?q=e_c"))).toEqual(["snake_case"]);
    expect(titles(await list(alice, `?q=${encodeURIComponent("\\")}`))).toEqual([]);
  });

  test("sorts by title by code point, both ways, breaking ties by id", async () => {
    const alice = await signUp(t.app);
    const created = await createAll(alice, [
      { title: "b" },
      { title: "B" },
      { title: "a" },
      { title: "b" },
    ]);
    const ascending = await list(alice, "?sort=title");
    expect(titles(ascending)).toEqual(["B", "a", "b", "b"]);
    expect(ascending.data.slice(2).map((todo: { id: number }) => todo.id)).toEqual([
      created[0].id,
      created[3].id,
    ]);
    const descending = await list(alice, "?sort=-title");
    expect(titles(descending)).toEqual(["b", "b", "a", "B"]);
    expect(descending.data.slice(0, 2).map((todo: { id: number }) => todo.id)).toEqual([
      created[0].id,
      created[3].id,
    ]);
  });

  test("sorts by creation, newest first with -createdAt", async () => {
    const alice = await signUp(t.app);
    await createAll(alice, [{ title: "first" }, { title: "second" }, { title: "third" }]);
    expect(titles(await list(alice, "?sort=createdAt"))).toEqual(["first", "second", "third"]);
    expect(titles(await list(alice, "?sort=-createdAt"))).toEqual(["third", "second", "first"]);
  });
});
