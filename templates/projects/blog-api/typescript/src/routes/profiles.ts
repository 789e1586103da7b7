import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { notFound } from "../http/problems.js";
import { type Account, callerOf } from "../plugins/authentication.js";
import { errorResponses, unprocessable } from "../plugins/realworld.js";
import { ProfileResponse, UsernameParams } from "../schemas.js";
import { now } from "../timestamps.js";
import { byUsername, follows, profileOf } from "../users/store.js";

const secured = [{ token: [] }];
// A token may come with the request, but need not.
const optional: Record<string, string[]>[] = [{}, { token: [] }];

export async function userNamed(db: Kysely<Database>, username: string): Promise<Account> {
  const user = await byUsername(db, username);
  if (!user) {
    throw notFound(`no user is called ${username}`);
  }
  return user;
}

/** Profiles and follows: the public view of a user, `following` for the caller. */
export async function profileRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app;

  app.get(
    "/:username",
    {
      onRequest: app.identify,
      schema: {
        tags: ["profiles"],
        summary: "A profile, with `following` for the caller (token optional)",
        security: optional,
        params: UsernameParams,
        response: { 200: ProfileResponse, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const user = await userNamed(db, request.params.username);
      const following = await follows(db, request.caller?.user.id, user.id);
      return { profile: profileOf(user, following) };
    },
  );

  app.post(
    "/:username/follow",
    {
      onRequest: app.authenticate,
      schema: {
        tags: ["profiles"],
        summary: "Follow a user; twice is once, and following yourself is a 422",
        security: secured,
        params: UsernameParams,
        response: { 200: ProfileResponse, ...errorResponses(401, 404, 422) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const user = await userNamed(db, request.params.username);
      if (user.id === caller.user.id) {
        throw unprocessable("username", "can't be yourself");
      }
      await db
        .insertInto("follows")
        .values({ follower_id: caller.user.id, followed_id: user.id, created_at: now() })
        .onConflict((conflict) => conflict.columns(["follower_id", "followed_id"]).doNothing())
        .execute();
      return { profile: profileOf(user, true) };
    },
  );

  app.delete(
    "/:username/follow",
    {
      onRequest: app.authenticate,
      schema: {
        tags: ["profiles"],
        summary: "Unfollow a user",
        security: secured,
        params: UsernameParams,
        response: { 200: ProfileResponse, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const user = await userNamed(db, request.params.username);
      await db
        .deleteFrom("follows")
        .where("follower_id", "=", caller.user.id)
        .where("followed_id", "=", user.id)
        .execute();
      return { profile: profileOf(user, false) };
    },
  );
}
