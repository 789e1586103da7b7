import type { FastifyInstance } from "fastify";
import { chatSocket } from "../chat/socket.js";
import { authRoutes } from "./auth.js";
import { roomRoutes } from "./rooms.js";

/**
 * The API's resources, each an encapsulated plugin: the sign-in rate limit
 * stays with /register and /login, the bearer-token check with /rooms, and
 * the WebSocket plugin (with its own token check, in the query string) with
 * /ws. Registered in the order the OpenAPI document lists them.
 */
export async function routes(app: FastifyInstance): Promise<void> {
  await app.register(authRoutes);
  await app.register(roomRoutes, { prefix: "/rooms" });
  await app.register(chatSocket);
}
