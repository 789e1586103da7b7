import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { notFound, problemResponses } from "../http/problems.js";
import { signedIn } from "../plugins/authentication.js";
import { Cart, CartItemParams, SetQuantity } from "../schemas.js";
import { cartOf } from "../shop/carts.js";
import { now } from "../timestamps.js";

const secured = [{ bearer: [] }];

/** `/cart`: the caller's one cart, at today's prices. */
export async function cartRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, db } = app;

  // Before the body is even read: without a valid token, nothing else is looked at.
  app.addHook("onRequest", app.authenticate);

  app.get(
    "",
    {
      schema: {
        tags: ["cart"],
        summary: "The caller's cart, at today's prices",
        security: secured,
        response: { 200: Cart, ...problemResponses(401) },
      },
    },
    async (request) => cartOf(db, signedIn(request).id, config.currency),
  );

  app.put(
    "/items/:productId",
    {
      schema: {
        tags: ["cart"],
        summary: "Set a line's quantity (1–99; 0 removes it)",
        security: secured,
        params: CartItemParams,
        body: SetQuantity,
        response: { 200: Cart, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const userId = signedIn(request).id;
      const { productId } = request.params;
      const { quantity } = request.body;
      const product = await db
        .selectFrom("products")
        .select(["id", "active"])
        .where("id", "=", productId)
        .executeTakeFirst();
      if (!product?.active) {
        throw notFound(`product ${productId} does not exist`);
      }
      if (quantity === 0) {
        await db
          .deleteFrom("cart_items")
          .where("user_id", "=", userId)
          .where("product_id", "=", productId)
          .execute();
      } else {
        // A line keeps its place (added_at) when its quantity changes.
        await db
          .insertInto("cart_items")
          .values({ user_id: userId, product_id: productId, quantity, added_at: now() })
          .onConflict((conflict) =>
            conflict.columns(["user_id", "product_id"]).doUpdateSet({ quantity }),
          )
          .execute();
      }
      return cartOf(db, userId, config.currency);
    },
  );

  app.delete(
    "/items/:productId",
    {
      schema: {
        tags: ["cart"],
        summary: "Remove a line",
        security: secured,
        params: CartItemParams,
        response: { 200: Cart, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const userId = signedIn(request).id;
      const { productId } = request.params;
      const removed = await db
        .deleteFrom("cart_items")
        .where("user_id", "=", userId)
        .where("product_id", "=", productId)
        .executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) {
        throw notFound(`product ${productId} is not in the cart`);
      }
      return cartOf(db, userId, config.currency);
    },
  );
}
