import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { badRequest, notFound, problemResponses } from "../http/problems.js";
import { OrderStore } from "../orders/store.js";
import { SetStock, SKU_PATTERN, SKU_RULE, SkuParams, Stock } from "../schemas.js";

const SKU = new RegExp(SKU_PATTERN);

/** A malformed sku is bad input (400), as it is in an order's lines, not an unknown resource. */
function checkSku(sku: string): string {
  if (!SKU.test(sku)) {
    throw badRequest("sku", SKU_RULE);
  }
  return sku;
}

/** Operators set and read the stock the inventory consumer reserves from. */
export async function inventoryRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const orders = new OrderStore(app.db);

  app.put(
    "/inventory/:sku",
    {
      schema: {
        tags: ["inventory"],
        summary: "Set the units of a sku available",
        params: SkuParams,
        body: SetStock,
        response: { 200: Stock, ...problemResponses(400) },
      },
    },
    async (request) => {
      const sku = checkSku(request.params.sku);
      await orders.setStock(sku, request.body.available);
      return { sku, available: request.body.available };
    },
  );

  app.get(
    "/inventory/:sku",
    {
      schema: {
        tags: ["inventory"],
        summary: "The units of a sku available",
        params: SkuParams,
        response: { 200: Stock, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const sku = checkSku(request.params.sku);
      const available = await orders.stock(sku);
      if (available === undefined) {
        throw notFound(`sku ${sku} has no stock record`);
      }
      return { sku, available };
    },
  );
}
