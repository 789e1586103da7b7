/**
 * The blog's content as the routes need it: articles for a viewer, pages,
 * tags, favorites. Every read builds RealWorld's article for one viewer:
 * whether they favorited it and follow its author, and its tags, sorted.
 */

import { type ExpressionBuilder, type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { Article, ListedArticle } from "../schemas.js";
import { toTimestamp } from "../timestamps.js";
import { profileOf, usernameKey } from "../users/store.js";

type Db = Kysely<Database> | Transaction<Database>;
type Scope = ExpressionBuilder<
  Database & { a: Database["articles"]; u: Database["users"] },
  "a" | "u"
>;

/** Code-point order, the same on every database and in every locale. */
export const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function viewerColumns(eb: Scope, viewerId: number | undefined) {
  if (viewerId === undefined) {
    return [sql<boolean>`false`.as("favorited"), sql<boolean>`false`.as("following")];
  }
  return [
    eb
      .exists(
        eb
          .selectFrom("favorites as f")
          .select("f.user_id")
          .whereRef("f.article_id", "=", "a.id")
          .where("f.user_id", "=", viewerId),
      )
      .as("favorited"),
    eb
      .exists(
        eb
          .selectFrom("follows as fo")
          .select("fo.follower_id")
          .whereRef("fo.followed_id", "=", "a.author_id")
          .where("fo.follower_id", "=", viewerId),
      )
      .as("following"),
  ];
}

function selectArticles(db: Db, viewerId: number | undefined) {
  return db
    .selectFrom("articles as a")
    .innerJoin("users as u", "u.id", "a.author_id")
    .select([
      "a.id",
      "a.slug",
      "a.title",
      "a.description",
      "a.body",
      "a.favorites_count",
      "a.created_at",
      "a.updated_at",
      "u.username",
      "u.bio",
      "u.image",
    ])
    .select((eb) => viewerColumns(eb as unknown as Scope, viewerId));
}

type Row = Awaited<ReturnType<ReturnType<typeof selectArticles>["executeTakeFirstOrThrow"]>> & {
  favorited: unknown;
  following: unknown;
};

/** The tags of each article, sorted. */
async function tagsOf(db: Db, articleIds: number[]): Promise<Map<number, string[]>> {
  const tags = new Map<number, string[]>(articleIds.map((id) => [id, []]));
  if (articleIds.length > 0) {
    const rows = await db
      .selectFrom("article_tags")
      .select(["article_id", "tag"])
      .where("article_id", "in", articleIds)
      .execute();
    for (const row of rows) {
      tags.get(Number(row.article_id))?.push(row.tag);
    }
  }
  for (const each of tags.values()) {
    each.sort(byCodePoint);
  }
  return tags;
}

function listed(row: Row, tags: string[]): ListedArticle {
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    tagList: tags,
    createdAt: toTimestamp(row.created_at),
    updatedAt: toTimestamp(row.updated_at),
    favorited: Boolean(row.favorited),
    favoritesCount: Number(row.favorites_count),
    author: profileOf(row, Boolean(row.following)),
  };
}

export interface Found {
  id: number;
  authorId: number;
  slug: string;
  title: string;
  updatedAt: Date | string;
}

export async function find(db: Db, slug: string): Promise<Found | undefined> {
  const row = await db
    .selectFrom("articles")
    .select(["id", "author_id", "slug", "title", "updated_at"])
    .where("slug", "=", slug)
    .executeTakeFirst();
  return (
    row && {
      id: Number(row.id),
      authorId: Number(row.author_id),
      slug: row.slug,
      title: row.title,
      updatedAt: row.updated_at,
    }
  );
}

/** The article as the viewer sees it now, or undefined if it is gone. */
export async function view(
  db: Db,
  articleId: number,
  viewerId: number | undefined,
): Promise<Article | undefined> {
  const row = (await selectArticles(db, viewerId)
    .where("a.id", "=", articleId)
    .executeTakeFirst()) as Row | undefined;
  if (!row) {
    return undefined;
  }
  const tags = (await tagsOf(db, [articleId])).get(articleId) ?? [];
  return { ...listed(row, tags), body: row.body };
}

export interface Filter {
  tag?: string | undefined;
  author?: string | undefined;
  favorited?: string | undefined;
  /** When set, only the authors this user follows. */
  feedOf?: number | undefined;
}

/** One page of the articles the filter selects, newest first, and how many it selects. */
export async function page(
  db: Db,
  filter: Filter,
  viewerId: number | undefined,
  offset: number,
  limit: number,
): Promise<{ articles: ListedArticle[]; total: number }> {
  let counted = db.selectFrom("articles as a").innerJoin("users as u", "u.id", "a.author_id");
  let listedQuery = selectArticles(db, viewerId);
  if (filter.tag !== undefined) {
    const tag = filter.tag;
    counted = counted.where((eb) =>
      eb.exists(
        eb
          .selectFrom("article_tags as t")
          .select("t.article_id")
          .whereRef("t.article_id", "=", "a.id")
          .where("t.tag", "=", tag),
      ),
    );
    listedQuery = listedQuery.where((eb) =>
      eb.exists(
        eb
          .selectFrom("article_tags as t")
          .select("t.article_id")
          .whereRef("t.article_id", "=", "a.id")
          .where("t.tag", "=", tag),
      ),
    );
  }
  if (filter.author !== undefined) {
    const key = usernameKey(filter.author);
    counted = counted.where("u.username_key", "=", key);
    listedQuery = listedQuery.where("u.username_key", "=", key);
  }
  if (filter.favorited !== undefined) {
    const key = usernameKey(filter.favorited);
    const fans = db
      .selectFrom("favorites as fav")
      .innerJoin("users as fan", "fan.id", "fav.user_id")
      .select("fav.article_id")
      .where("fan.username_key", "=", key);
    counted = counted.where("a.id", "in", fans);
    listedQuery = listedQuery.where("a.id", "in", fans);
  }
  if (filter.feedOf !== undefined) {
    const followed = db
      .selectFrom("follows as fo")
      .select("fo.followed_id")
      .where("fo.follower_id", "=", filter.feedOf);
    counted = counted.where("a.author_id", "in", followed);
    listedQuery = listedQuery.where("a.author_id", "in", followed);
  }
  const { total } = await counted
    .select((eb) => eb.fn.countAll<number | string>().as("total"))
    .executeTakeFirstOrThrow();
  const count = Number(total);
  if (offset >= count) {
    // A page past the end is empty; skipping the query keeps huge offsets out of SQL.
    return { articles: [], total: count };
  }
  const rows = (await listedQuery
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute()) as Row[];
  const tags = await tagsOf(
    db,
    rows.map((row) => Number(row.id)),
  );
  return {
    articles: rows.map((row) => listed(row, tags.get(Number(row.id)) ?? [])),
    total: count,
  };
}

/** The article's tags become `tags`, a set: repeats count once. */
export async function setTags(db: Db, articleId: number, tags: string[]): Promise<void> {
  await db.deleteFrom("article_tags").where("article_id", "=", articleId).execute();
  const unique = [...new Set(tags)].sort(byCodePoint);
  if (unique.length > 0) {
    await db
      .insertInto("article_tags")
      .values(unique.map((tag) => ({ article_id: articleId, tag })))
      .execute();
  }
}

/** The tags of at least one article, sorted. */
export async function allTags(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("article_tags").select("tag").distinct().execute();
  return rows.map((row) => row.tag).sort(byCodePoint);
}

/**
 * Record the favorite, once however often it is asked. The favorite and the
 * counter change in one transaction, and the counter only when a row was
 * really added (RETURNING says so), so favoritesCount stays exactly the
 * number of favorites under any concurrency.
 */
export async function favorite(db: Kysely<Database>, articleId: number, userId: number) {
  await db.transaction().execute(async (trx) => {
    const added = await trx
      .insertInto("favorites")
      .values({ user_id: userId, article_id: articleId, created_at: new Date().toISOString() })
      .onConflict((conflict) => conflict.columns(["user_id", "article_id"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (added) {
      await count(trx, articleId, 1);
    }
  });
}

/** Remove the user's favorite of the article, if there is one. */
export async function unfavorite(db: Kysely<Database>, articleId: number, userId: number) {
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("favorites")
      .where("user_id", "=", userId)
      .where("article_id", "=", articleId)
      .returning("user_id")
      .executeTakeFirst();
    if (removed) {
      await count(trx, articleId, -1);
    }
  });
}

async function count(trx: Transaction<Database>, articleId: number, change: number) {
  await trx
    .updateTable("articles")
    .set((eb) => ({ favorites_count: eb("favorites_count", "+", change) }))
    .where("id", "=", articleId)
    .execute();
}
