import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { allTags } from "../articles/store.js";
import { errorResponses } from "../plugins/realworld.js";
import { TagsResponse } from "../schemas.js";

/** Tags: every tag at least one article has, sorted. */
export async function tagRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "",
    {
      schema: {
        tags: ["tags"],
        summary: "The tags in use, sorted",
        response: { 200: TagsResponse, ...errorResponses() },
      },
    },
    async () => ({ tags: await allTags(app.db) }),
  );
}
