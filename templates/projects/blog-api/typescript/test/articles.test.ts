import { describe, expect, test } from "vitest";
import { slugify } from "../src/slugs.js";
import { useApp } from "./support/app.js";
import { expectErrors, loginAdmin, publish, register } from "./support/users.js";

describe("slugs", () => {
  test("are lower-case ASCII words, accents taken off", () => {
    expect(slugify("École d’été")).toBe("ecole-d-ete");
    expect(slugify("Straße & Smørrebrød!")).toBe("strasse-smorrebrod");
    expect(slugify("日本語")).toBe("article");
    expect(slugify("word ".repeat(40)).length).toBeLessThanOrEqual(60);
  });
});

describe("articles", () => {
  const t = useApp();

  test("publish, read, list by tag and author; a second title gets a suffixed slug", async () => {
    const alice = await register(t.app, "alice");
    const first = await publish(t.app, alice, { tagList: ["dragons", "training", "dragons"] });
    expect(first.slug).toBe("how-to-train-your-dragon");
    expect(first.tagList).toEqual(["dragons", "training"]);
    const second = await publish(t.app, alice);
    expect(second.slug).toMatch(/^how-to-train-your-dragon-[a-z0-9]{6}$/);

    const one = await t.app.inject({ url: `/api/articles/${first.slug}` });
    expect(one.statusCode).toBe(200);
    expect(one.json().article).toMatchObject({
      body: "You have to believe",
      favorited: false,
      favoritesCount: 0,
      author: { username: alice.username, following: false },
    });

    const byTag = (await t.app.inject({ url: "/api/articles?tag=dragons" })).json();
    expect(byTag.articlesCount).toBe(1);
    expect(byTag.articles[0]).not.toHaveProperty("body");
    const byAuthor = (await t.app.inject({ url: `/api/articles?author=${alice.username}` })).json();
    expect(byAuthor.articles.map((a: { slug: string }) => a.slug)).toEqual([
      second.slug,
      first.slug,
    ]);
    expect((await t.app.inject({ url: "/api/tags" })).json()).toEqual({
      tags: ["dragons", "training"],
    });
  });

  test("paging is offset and limit, at most 100; anything else is a 422", async () => {
    const alice = await register(t.app);
    for (let i = 0; i < 3; i += 1) {
      await publish(t.app, alice, { title: `Article ${i}` });
    }
    const page = (await t.app.inject({ url: "/api/articles?offset=1&limit=1" })).json();
    expect(page.articlesCount).toBe(3);
    expect(page.articles.map((a: { title: string }) => a.title)).toEqual(["Article 1"]);
    for (const query of ["limit=0", "limit=101", "offset=-1", "limit=x"]) {
      expectErrors(await t.app.inject({ url: `/api/articles?${query}` }), 422);
    }
  });

  test("a blank field or a bad tag list is a 422 naming it", async () => {
    const alice = await register(t.app);
    const blank = await t.app.inject({
      method: "POST",
      url: "/api/articles",
      headers: alice.headers,
      payload: { article: { title: "", description: "d", body: "b" } },
    });
    expect(expectErrors(blank, 422, ["title"]).title).toEqual(["can't be blank"]);
    const tags = await t.app.inject({
      method: "POST",
      url: "/api/articles",
      headers: alice.headers,
      payload: { article: { title: "t", description: "d", body: "b", tagList: ["x".repeat(33)] } },
    });
    expectErrors(tags, 422, ["tagList"]);
  });

  test("only the author edits; a new title gives a new slug and the old one stops answering", async () => {
    const alice = await register(t.app);
    const bob = await register(t.app);
    const { slug } = await publish(t.app, alice);
    const change = { article: { title: "Did you train your dragon?" } };
    const refused = await t.app.inject({
      method: "PUT",
      url: `/api/articles/${slug}`,
      headers: bob.headers,
      payload: change,
    });
    expectErrors(refused, 403);
    const edited = await t.app.inject({
      method: "PUT",
      url: `/api/articles/${slug}`,
      headers: alice.headers,
      payload: change,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().article.slug).toBe("did-you-train-your-dragon");
    expectErrors(await t.app.inject({ url: `/api/articles/${slug}` }), 404);
  });

  test("the feed shows the authors the caller follows; follow twice is once, yourself is a 422", async () => {
    const alice = await register(t.app);
    const reader = await register(t.app);
    await publish(t.app, alice);
    expect(
      (await t.app.inject({ url: "/api/articles/feed", headers: reader.headers })).json()
        .articlesCount,
    ).toBe(0);
    for (let i = 0; i < 2; i += 1) {
      const follow = await t.app.inject({
        method: "POST",
        url: `/api/profiles/${alice.username}/follow`,
        headers: reader.headers,
      });
      expect(follow.json().profile.following).toBe(true);
    }
    const feed = (
      await t.app.inject({ url: "/api/articles/feed", headers: reader.headers })
    ).json();
    expect(feed.articlesCount).toBe(1);
    expect(feed.articles[0].author.following).toBe(true);
    const self = await t.app.inject({
      method: "POST",
      url: `/api/profiles/${reader.username}/follow`,
      headers: reader.headers,
    });
    expectErrors(self, 422);
    expectErrors(await t.app.inject({ url: "/api/articles/feed" }), 401);
  });

  test("favoritesCount stays exact when twenty clients favorite at once, and twice is once", async () => {
    const alice = await register(t.app);
    const { slug } = await publish(t.app, alice);
    const fans = await Promise.all(Array.from({ length: 5 }, () => register(t.app)));
    await Promise.all(
      fans.flatMap((fan) =>
        Array.from({ length: 4 }, () =>
          t.app.inject({
            method: "POST",
            url: `/api/articles/${slug}/favorite`,
            headers: fan.headers,
          }),
        ),
      ),
    );
    const article = (
      await t.app.inject({ url: `/api/articles/${slug}`, headers: fans[0]?.headers })
    ).json().article;
    expect(article).toMatchObject({ favorited: true, favoritesCount: 5 });
    const back = await t.app.inject({
      method: "DELETE",
      url: `/api/articles/${slug}/favorite`,
      headers: fans[0]?.headers,
    });
    expect(back.json().article).toMatchObject({ favorited: false, favoritesCount: 4 });
    const again = await t.app.inject({
      method: "DELETE",
      url: `/api/articles/${slug}/favorite`,
      headers: fans[0]?.headers,
    });
    expect(again.json().article.favoritesCount).toBe(4);
    const favorited = (
      await t.app.inject({ url: `/api/articles?favorited=${fans[1]?.username}` })
    ).json();
    expect(favorited.articlesCount).toBe(1);
  });

  test("comments: oldest first, 200 on create, removed by their author or a moderator", async () => {
    const alice = await register(t.app);
    const bob = await register(t.app);
    const { slug } = await publish(t.app, alice);
    const created = await t.app.inject({
      method: "POST",
      url: `/api/articles/${slug}/comments`,
      headers: bob.headers,
      payload: { comment: { body: "Thank you so much!" } },
    });
    expect(created.statusCode, created.body).toBe(200);
    const { id } = created.json().comment;
    expectErrors(
      await t.app.inject({
        method: "POST",
        url: `/api/articles/${slug}/comments`,
        headers: bob.headers,
        payload: { comment: { body: "" } },
      }),
      422,
      ["body"],
    );
    const list = (await t.app.inject({ url: `/api/articles/${slug}/comments` })).json();
    expect(list.comments.map((c: { id: number }) => c.id)).toEqual([id]);
    // The article's author is not the comment's: 403.
    expectErrors(
      await t.app.inject({
        method: "DELETE",
        url: `/api/articles/${slug}/comments/${id}`,
        headers: alice.headers,
      }),
      403,
    );
    const admin = await loginAdmin(t.app);
    const removed = await t.app.inject({
      method: "DELETE",
      url: `/api/articles/${slug}/comments/${id}`,
      headers: admin.headers,
    });
    expect(removed.statusCode).toBe(204);
    expectErrors(
      await t.app.inject({
        method: "DELETE",
        url: `/api/articles/${slug}/comments/${id}`,
        headers: bob.headers,
      }),
      404,
    );
  });

  test("deleting an article deletes its comments and favorites", async () => {
    const alice = await register(t.app);
    const { slug } = await publish(t.app, alice, { tagList: ["gone"] });
    await t.app.inject({
      method: "POST",
      url: `/api/articles/${slug}/favorite`,
      headers: alice.headers,
    });
    await t.app.inject({
      method: "POST",
      url: `/api/articles/${slug}/comments`,
      headers: alice.headers,
      payload: { comment: { body: "x" } },
    });
    expect(
      (
        await t.app.inject({
          method: "DELETE",
          url: `/api/articles/${slug}`,
          headers: alice.headers,
        })
      ).statusCode,
    ).toBe(204);
    expect((await t.db.selectFrom("comments").selectAll().execute()).length).toBe(0);
    expect((await t.db.selectFrom("favorites").selectAll().execute()).length).toBe(0);
    expect((await t.app.inject({ url: "/api/tags" })).json().tags).toEqual([]);
  });
});
