import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";
import { signUp } from "./support/users.js";

// Case-insensitive means every Unicode letter, on SQLite (whose lower() folds
// ASCII only) as on PostgreSQL.
describe("searching todos with ?q=", () => {
  const t = useApp();

  async function titlesFor(headers: Record<string, string>, q: string) {
    const url = `/todos?q=${encodeURIComponent(q)}`;
    const response = await t.app.inject({ method: "GET", url, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().data.map((todo: { title: string }) => todo.title);
  }

  test.each(["École", "école", "ÉCOLE", "cole vis"])("%s finds École visit", async (q) => {
    const headers = await signUp(t.app);
    for (const title of ["École visit", "Ecole without accent", "groceries"]) {
      await t.app.inject({ method: "POST", url: "/todos", headers, payload: { title } });
    }
    expect(await titlesFor(headers, q)).toEqual(["École visit"]);
  });

  test("in the description too, and after an update", async () => {
    const headers = await signUp(t.app);
    const created = await t.app.inject({
      method: "POST",
      url: "/todos",
      headers,
      payload: { title: "trip", description: "Straße nach München" },
    });
    expect(await titlesFor(headers, "MÜNCHEN")).toEqual(["trip"]);
    await t.app.inject({
      method: "PUT",
      url: `/todos/${created.json().id}`,
      headers,
      payload: { title: "ΟΔΥΣΣΕΑΣ", description: "" },
    });
    expect(await titlesFor(headers, "München")).toEqual([]);
    expect(await titlesFor(headers, "οδυσσ")).toEqual(["ΟΔΥΣΣΕΑΣ"]);
  });
});
