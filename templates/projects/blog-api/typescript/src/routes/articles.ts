import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import * as articles from "../articles/store.js";
import { isUniqueViolation } from "../db/errors.js";
import type { Database } from "../db/schema.js";
import { forbidden, notFound } from "../http/problems.js";
import { callerOf, moderates } from "../plugins/authentication.js";
import { errorResponses } from "../plugins/realworld.js";
import {
  ArticlePage,
  ArticleResponse,
  ArticlesQuery,
  NewArticleBody,
  PageQuery,
  SlugParams,
  UpdateArticleBody,
} from "../schemas.js";
import { candidates, slugify } from "../slugs.js";
import { laterThan, now } from "../timestamps.js";

const secured = [{ token: [] }];
// A token may come with the request, but need not.
const optional: Record<string, string[]>[] = [{}, { token: [] }];

export async function articleWithSlug(db: Kysely<Database>, slug: string) {
  const found = await articles.find(db, slug);
  if (!found) {
    throw notFound(`no article has the slug ${slug}`);
  }
  return found;
}

const viewerOf = (request: FastifyRequest) =>
  request.caller ? Number(request.caller.user.id) : undefined;

/** Articles: lists and the feed, one article by its slug, writing, favorites. */
export async function articleRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app;

  async function respond(articleId: number, slug: string, viewerId: number | undefined) {
    const shown = await articles.view(db, articleId, viewerId);
    if (!shown) {
      throw notFound(`no article has the slug ${slug}`); // deleted in the meantime
    }
    return { article: shown };
  }

  app.get(
    "",
    {
      onRequest: app.identify,
      schema: {
        tags: ["articles"],
        summary: "Articles newest first, by tag, author or favorited (no body in list items)",
        security: optional,
        querystring: ArticlesQuery,
        response: { 200: ArticlePage, ...errorResponses(401, 422) },
      },
    },
    async (request) => {
      const { tag, author, favorited, offset = 0, limit = 20 } = request.query;
      const result = await articles.page(
        db,
        { tag, author, favorited },
        viewerOf(request),
        offset,
        limit,
      );
      return { articles: result.articles, articlesCount: result.total };
    },
  );

  app.get(
    "/feed",
    {
      onRequest: app.authenticate,
      schema: {
        tags: ["articles"],
        summary: "Articles by the authors the caller follows, newest first",
        security: secured,
        querystring: PageQuery,
        response: { 200: ArticlePage, ...errorResponses(401, 422) },
      },
    },
    async (request) => {
      const { offset = 0, limit = 20 } = request.query;
      const viewer = Number(callerOf(request).user.id);
      const result = await articles.page(db, { feedOf: viewer }, viewer, offset, limit);
      return { articles: result.articles, articlesCount: result.total };
    },
  );

  app.post(
    "",
    {
      onRequest: app.authenticate,
      schema: {
        tags: ["articles"],
        summary: "Publish an article; the slug comes from the title",
        security: secured,
        body: NewArticleBody,
        response: { 201: ArticleResponse, ...errorResponses(401, 422) },
      },
    },
    async (request, reply) => {
      const authorId = Number(callerOf(request).user.id);
      const draft = request.body.article;
      const timestamp = now();
      // The unique constraint decides, so two articles of one title at once still get two slugs.
      for (const slug of candidates(draft.title)) {
        try {
          const id = await db.transaction().execute(async (trx) => {
            const row = await trx
              .insertInto("articles")
              .values({
                author_id: authorId,
                slug,
                title: draft.title,
                description: draft.description,
                body: draft.body,
                favorites_count: 0,
                created_at: timestamp,
                updated_at: timestamp,
              })
              .returning("id")
              .executeTakeFirstOrThrow();
            await articles.setTags(trx, Number(row.id), draft.tagList ?? []);
            return Number(row.id);
          });
          reply.code(201);
          return await respond(id, slug, authorId);
        } catch (error) {
          if (!isUniqueViolation(error)) {
            throw error;
          }
        }
      }
      throw new Error(`no free slug for ${JSON.stringify(draft.title)}`);
    },
  );

  app.get(
    "/:slug",
    {
      onRequest: app.identify,
      schema: {
        tags: ["articles"],
        summary: "One article",
        security: optional,
        params: SlugParams,
        response: { 200: ArticleResponse, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const found = await articleWithSlug(db, request.params.slug);
      return respond(found.id, found.slug, viewerOf(request));
    },
  );

  app.put(
    "/:slug",
    {
      onRequest: app.authenticate,
      schema: {
        tags: ["articles"],
        summary: "Edit one's own article; a new title gives a new slug",
        description:
          "Only its author may: moderators remove content, they do not rewrite it. The old slug stops answering.",
        security: secured,
        params: SlugParams,
        body: UpdateArticleBody,
        response: { 200: ArticleResponse, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const callerId = Number(callerOf(request).user.id);
      const found = await articleWithSlug(db, request.params.slug);
      if (found.authorId !== callerId) {
        throw forbidden("only its author may edit an article");
      }
      const changes = request.body.article;
      const newTitle =
        changes.title !== undefined && slugify(changes.title) !== slugify(found.title);
      const slugs =
        newTitle && changes.title !== undefined ? candidates(changes.title) : [found.slug];
      for (const slug of slugs) {
        try {
          await db.transaction().execute(async (trx) => {
            await trx
              .updateTable("articles")
              .set({
                slug,
                ...(changes.title !== undefined && { title: changes.title }),
                ...(changes.description !== undefined && { description: changes.description }),
                ...(changes.body !== undefined && { body: changes.body }),
                updated_at: laterThan(found.updatedAt),
              })
              .where("id", "=", found.id)
              .execute();
            if (changes.tagList !== undefined) {
              await articles.setTags(trx, found.id, changes.tagList);
            }
          });
          return await respond(found.id, slug, callerId);
        } catch (error) {
          if (!isUniqueViolation(error)) {
            throw error;
          }
        }
      }
      throw new Error(`no free slug for ${JSON.stringify(changes.title)}`);
    },
  );

  app.delete(
    "/:slug",
    {
      onRequest: app.authenticate,
      schema: {
        tags: ["articles"],
        summary: "Delete an article with its comments and favorites (author, moderator or admin)",
        security: secured,
        params: SlugParams,
        response: {
          204: Type.Null({ description: "Deleted." }),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const found = await articleWithSlug(db, request.params.slug);
      if (found.authorId !== Number(caller.user.id) && !moderates(caller.user)) {
        throw forbidden("only its author, a moderator or an admin may delete an article");
      }
      // Its tags, favorites and comments go with it (ON DELETE CASCADE).
      await db.deleteFrom("articles").where("id", "=", found.id).execute();
      return reply.code(204).send(null);
    },
  );

  for (const method of ["POST", "DELETE"] as const) {
    app.route({
      method,
      url: "/:slug/favorite",
      onRequest: app.authenticate,
      schema: {
        tags: ["articles"],
        summary: method === "POST" ? "Favorite an article; twice is once" : "Take a favorite back",
        security: secured,
        params: SlugParams,
        response: { 200: ArticleResponse, ...errorResponses(401, 404) },
      },
      handler: async (request) => {
        const callerId = Number(callerOf(request).user.id);
        const found = await articleWithSlug(db, request.params.slug);
        if (method === "POST") {
          await articles.favorite(db, found.id, callerId);
        } else {
          await articles.unfavorite(db, found.id, callerId);
        }
        return respond(found.id, found.slug, callerId);
      },
    });
  }
}
