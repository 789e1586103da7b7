import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { badRequest, notFound, problemResponses } from "../http/problems.js";
import { OrderStore } from "../orders/store.js";
import { SetStock, SKU_RULE, SkuParams, Stock } from "../schemas.js";

/**
 * A malformed sku is bad input (400), as it is in an order's lines, not an
 * unknown resource (the base's 404 for a path that fails its schema): the
 * routes attach their validation and answer it here.
 */
function checkInput(request: FastifyRequest): void {
  const error = request.validationError;
  if (error) {
    if (error.validationContext === "params") {
      throw badRequest("sku", SKU_RULE);
    }
    throw error;
  }
}

/** Operators set and read the stock the inventory consumer reserves from. */
export async function inventoryRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const orders = new OrderStore(app.db);

  app.put(
    "/inventory/:sku",
    {
      attachValidation: true,
      schema: {
        tags: ["inventory"],
        summary: "Set the units of a sku available",
        params: SkuParams,
        body: SetStock,
        response: { 200: Stock, ...problemResponses(400) },
      },
    },
    async (request) => {
      checkInput(request);
      const { sku } = request.params;
      await orders.setStock(sku, request.body.available);
      return { sku, available: request.body.available };
    },
  );

  app.get(
    "/inventory/:sku",
    {
      attachValidation: true,
      schema: {
        tags: ["inventory"],
        summary: "The units of a sku available",
        params: SkuParams,
        response: { 200: Stock, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      checkInput(request);
      const { sku } = request.params;
      const available = await orders.stock(sku);
      if (available === undefined) {
        throw notFound(`sku ${sku} has no stock record`);
      }
      return { sku, available };
    },
  );
}
