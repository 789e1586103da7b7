import rateLimit from "@fastify/rate-limit";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyError, FastifyInstance } from "fastify";
import { Type } from "typebox";
import { conflict, HttpProblem, notFound, problemResponses } from "../http/problems.js";
import { LinkStore } from "../links/store.js";
import {
  CodeParams,
  CreateLink,
  Link,
  LinkStats,
  RESERVED_MESSAGE,
  UpdateLink,
} from "../schemas.js";

export const missing = (code: string) => notFound(`short code ${code} does not exist`);

/** `/shorten` and `/shorten/:code`: creating, reading, changing and deleting links. */
export async function linkRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const links = new LinkStore(app.db);

  // Ajv reports a reserved alias as "must NOT be valid"; say which rule it broke,
  // then let the app's handler answer as for any invalid field. Set in this
  // plugin, the handler sees only the links' routes.
  app.setErrorHandler((error: FastifyError) => {
    for (const item of error.validation ?? []) {
      if (item.keyword === "not" && item.instancePath === "/alias") {
        item.message = RESERVED_MESSAGE;
      }
    }
    throw error;
  });

  // Anyone may create links, so POST /shorten is what spammers would hammer;
  // it is limited per client address, and nothing else is.
  await app.register(rateLimit, { global: false });
  const shortenLimit = {
    rateLimit: { max: app.config.shortenRateLimitPerMinute, timeWindow: "1 minute" },
  };

  app.post(
    "",
    {
      config: shortenLimit,
      schema: {
        tags: ["links"],
        body: CreateLink,
        response: { 201: Link, ...problemResponses(400, 409, 429) },
      },
    },
    async (request, reply) => {
      const { url, alias } = request.body;
      if (alias === undefined) {
        return reply.code(201).send(await links.createWithRandomCode(url));
      }
      const link = await links.createWithAlias(url, alias);
      if (!link) {
        throw conflict(`the alias ${alias} is taken`);
      }
      return reply.code(201).send(link);
    },
  );

  app.get(
    "/:code",
    {
      schema: {
        tags: ["links"],
        params: CodeParams,
        response: { 200: Link, ...problemResponses(404) },
      },
    },
    // Reading a link through the API is not a visit: only the redirect counts.
    async (request) => {
      const link = await links.find(request.params.code);
      if (!link) {
        throw missing(request.params.code);
      }
      return link;
    },
  );

  app.put(
    "/:code",
    {
      schema: {
        tags: ["links"],
        params: CodeParams,
        body: UpdateLink,
        response: { 200: Link, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const link = await links.updateUrl(request.params.code, request.body.url);
      if (!link) {
        throw missing(request.params.code);
      }
      return link;
    },
  );

  app.delete(
    "/:code",
    {
      schema: {
        tags: ["links"],
        params: CodeParams,
        response: { 204: Type.Null({ description: "Deleted." }), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      if (!(await links.delete(request.params.code))) {
        throw missing(request.params.code);
      }
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/:code/stats",
    {
      schema: {
        tags: ["links"],
        params: CodeParams,
        response: { 200: LinkStats, ...problemResponses(404) },
      },
    },
    async (request) => {
      const stats = await links.find(request.params.code);
      if (!stats) {
        throw missing(request.params.code);
      }
      return stats;
    },
  );

  // `/shorten` takes only POST. Without this route, a GET of it would reach the
  // redirect's `/:code` (the router falls back to the parameter), and the 405 of any
  // other method would list GET among the methods `/shorten` allows. Answered
  // on request, before Fastify would insist on a body's Content-Type.
  app.route({
    method: app.supportedMethods.filter((method) => method !== "POST"),
    url: "",
    exposeHeadRoute: false,
    schema: { hide: true },
    onRequest: async (request) => {
      throw new HttpProblem(405, `${request.method} is not allowed on /shorten`, undefined, {
        Allow: "POST",
      });
    },
    handler: async () => undefined,
  });
}
