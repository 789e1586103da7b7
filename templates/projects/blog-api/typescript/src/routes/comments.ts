import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { type Kysely, sql } from "kysely";
import { Type } from "typebox";
import type { Database } from "../db/schema.js";
import { forbidden, notFound } from "../http/problems.js";
import { callerOf, moderates } from "../plugins/authentication.js";
import { errorResponses } from "../plugins/realworld.js";
import {
  type Comment,
  CommentList,
  CommentParams,
  CommentResponse,
  NewCommentBody,
  SlugParams,
} from "../schemas.js";
import { now, toTimestamp } from "../timestamps.js";
import { profileOf } from "../users/store.js";
import { articleWithSlug } from "./articles.js";

const secured = [{ token: [] }];
const optional: Record<string, string[]>[] = [{}, { token: [] }];

/** The comments that `where` selects, oldest first, with `following` for the viewer. */
async function comments(
  db: Kysely<Database>,
  viewerId: number | undefined,
  where: { articleId: number } | { commentId: number },
): Promise<Comment[]> {
  let query = db
    .selectFrom("comments as c")
    .innerJoin("users as u", "u.id", "c.author_id")
    .select(["c.id", "c.body", "c.created_at", "c.updated_at", "u.username", "u.bio", "u.image"])
    .select((eb) =>
      viewerId === undefined
        ? sql<boolean>`false`.as("following")
        : eb
            .exists(
              eb
                .selectFrom("follows as fo")
                .select("fo.follower_id")
                .whereRef("fo.followed_id", "=", "c.author_id")
                .where("fo.follower_id", "=", viewerId),
            )
            .as("following"),
    );
  query =
    "articleId" in where
      ? query.where("c.article_id", "=", where.articleId)
      : query.where("c.id", "=", where.commentId);
  const rows = await query.orderBy("c.created_at").orderBy("c.id").execute();
  return rows.map((row) => ({
    id: Number(row.id),
    createdAt: toTimestamp(row.created_at),
    updatedAt: toTimestamp(row.updated_at),
    body: row.body,
    author: profileOf(row, Boolean(row.following)),
  }));
}

/** Comments on an article: oldest first, added by the signed-in, removed by their author or a moderator. */
export async function commentRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app;

  app.get(
    "/:slug/comments",
    {
      onRequest: app.identify,
      schema: {
        tags: ["comments"],
        summary: "An article's comments, oldest first (token optional)",
        security: optional,
        params: SlugParams,
        response: { 200: CommentList, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const article = await articleWithSlug(db, request.params.slug);
      const viewer = request.caller ? Number(request.caller.user.id) : undefined;
      return { comments: await comments(db, viewer, { articleId: article.id }) };
    },
  );

  app.post(
    "/:slug/comments",
    {
      onRequest: app.authenticate,
      schema: {
        tags: ["comments"],
        summary: "Comment on an article (200, as RealWorld says)",
        security: secured,
        params: SlugParams,
        body: NewCommentBody,
        response: { 200: CommentResponse, ...errorResponses(401, 404, 422) },
      },
    },
    async (request) => {
      const callerId = Number(callerOf(request).user.id);
      const article = await articleWithSlug(db, request.params.slug);
      const timestamp = now();
      const row = await db
        .insertInto("comments")
        .values({
          article_id: article.id,
          author_id: callerId,
          body: request.body.comment.body,
          created_at: timestamp,
          updated_at: timestamp,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const [comment] = await comments(db, callerId, { commentId: Number(row.id) });
      if (!comment) {
        throw notFound(`no article has the slug ${article.slug}`); // deleted in the meantime
      }
      return { comment };
    },
  );

  app.delete(
    "/:slug/comments/:id",
    {
      onRequest: app.authenticate,
      schema: {
        tags: ["comments"],
        summary: "Delete a comment (its author, a moderator or an admin)",
        security: secured,
        params: CommentParams,
        response: {
          204: Type.Null({ description: "Deleted." }),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const article = await articleWithSlug(db, request.params.slug);
      const comment = await db
        .selectFrom("comments")
        .select(["id", "article_id", "author_id"])
        .where("id", "=", request.params.id)
        .executeTakeFirst();
      // A comment of another article is not found either.
      if (!comment || Number(comment.article_id) !== article.id) {
        throw notFound(`the article has no comment ${request.params.id}`);
      }
      if (Number(comment.author_id) !== Number(caller.user.id) && !moderates(caller.user)) {
        throw forbidden("only its author, a moderator or an admin may delete a comment");
      }
      await db.deleteFrom("comments").where("id", "=", comment.id).execute();
      return reply.code(204).send(null);
    },
  );
}
