import type { FastifyInstance } from "fastify";
import { ensureAdmin } from "../bootstrap.js";
import { simulator } from "../plugins/simulator.js";
import { authRoutes } from "./auth.js";
import { cartRoutes } from "./cart.js";
import { orderRoutes } from "./orders.js";
import { productRoutes } from "./products.js";
import { webhookRoutes } from "./webhooks.js";

/**
 * The API's resources, each an encapsulated plugin: the rate limit of the
 * sign-in routes, the token checks and the webhook's raw-body parser stay
 * with their own routes. Registered in the order the OpenAPI document lists them.
 */
export async function routes(app: FastifyInstance): Promise<void> {
  // Before the first request can arrive: a fresh shop can add products at once.
  if (app.config.admin) {
    await ensureAdmin(app.db, app.config.admin, app.log);
  }
  await app.register(simulator);
  await app.register(authRoutes, { prefix: "/auth" });
  await app.register(productRoutes, { prefix: "/products" });
  await app.register(cartRoutes, { prefix: "/cart" });
  await app.register(orderRoutes, { prefix: "/orders" });
  await app.register(webhookRoutes, { prefix: "/webhooks" });
}
