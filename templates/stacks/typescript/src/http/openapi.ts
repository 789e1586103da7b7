import swagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";

export interface OpenApiInfo {
  title: string;
  description: string;
  version: string;
}

/** A bearer token (`http`), or a header of its own scheme (`apiKey`, RealWorld's `Token`). */
export type SecurityScheme =
  | { type: "http"; scheme: string; bearerFormat?: string }
  | { type: "apiKey"; in: "header"; name: string; description?: string };

/**
 * The OpenAPI document is made from the routes' own schemas, so it cannot
 * drift from what the server validates; it is served at `/openapi.json`.
 * Register it before the routes: it records each route as it is added.
 * The document lists itself too: CONTRACTS.md lets only the probes and /ws
 * stay out, and every route a metric labels is then one the document spells.
 */
export async function registerOpenApi(
  app: FastifyInstance,
  info: OpenApiInfo,
  securitySchemes?: Record<string, SecurityScheme>,
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info,
      ...(securitySchemes && { components: { securitySchemes } }),
    },
  });
  app.get(
    "/openapi.json",
    {
      schema: {
        summary: "This OpenAPI document",
        tags: ["operations"],
        response: {
          200: {
            description: "The OpenAPI 3.1 document of this API.",
            content: { "application/json": { schema: { type: "object" } } },
          },
        },
      },
    },
    // Sent as text: the response schema only describes it, it does not reshape it.
    async (_request, reply) => reply.type("application/json").send(JSON.stringify(app.swagger())),
  );
}
