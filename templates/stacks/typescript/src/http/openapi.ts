import swagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";

export interface OpenApiInfo {
  title: string;
  description: string;
  version: string;
}

/**
 * The OpenAPI document is made from the routes' own schemas, so it cannot
 * drift from what the server validates; it is served at `/openapi.json`.
 * Register it before the routes: it records each route as it is added.
 */
export async function registerOpenApi(
  app: FastifyInstance,
  info: OpenApiInfo,
  securitySchemes?: Record<string, { type: "http"; scheme: string; bearerFormat?: string }>,
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info,
      ...(securitySchemes && { components: { securitySchemes } }),
    },
  });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
}
