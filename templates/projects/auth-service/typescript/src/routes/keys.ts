import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { JwkSet } from "../schemas.js";

/** `/.well-known/jwks.json`: the public key that verifies the access tokens. */
export async function keyRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config } = app;

  app.get(
    "/.well-known/jwks.json",
    { schema: { tags: ["keys"], response: { 200: JwkSet } } },
    async (_request, reply) => {
      // Verifiers cache the set; a few minutes keeps a rotated-in key from waiting long.
      reply.header("cache-control", "public, max-age=300");
      return { keys: [config.signingKey.publicJwk()] };
    },
  );
}
