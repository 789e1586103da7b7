import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { notFound, problemResponses } from "../http/problems.js";
import { OrderStore } from "../orders/store.js";
import {
  EventList,
  ListOrdersQuery,
  Order,
  OrderPage,
  OrderParams,
  PlaceOrder,
} from "../schemas.js";

/** Customers place orders and follow them; the pipeline decides them. */
export async function orderRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const orders = new OrderStore(app.db);

  app.post(
    "/orders",
    {
      schema: {
        tags: ["orders"],
        summary: "Place an order",
        description:
          "Accepted, not decided: the order and its order.placed event are stored in one transaction, and the inventory consumer confirms or rejects it later.",
        body: PlaceOrder,
        response: { 202: Order, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const order = await orders.place(
        request.body.customerEmail.toLowerCase(),
        request.body.items,
      );
      return reply.code(202).header("Location", `/orders/${order.id}`).send(order);
    },
  );

  app.get(
    "/orders",
    {
      schema: {
        tags: ["orders"],
        summary: "List orders by id, optionally of one status",
        querystring: ListOrdersQuery,
        response: { 200: OrderPage, ...problemResponses(400) },
      },
    },
    async (request) => {
      const { status, page = 1, limit = 10 } = request.query;
      const { orders: data, total } = await orders.list(status, page, limit);
      return { data, page, limit, total };
    },
  );

  app.get(
    "/orders/:id",
    {
      schema: {
        tags: ["orders"],
        summary: "Fetch an order with its current status",
        params: OrderParams,
        response: { 200: Order, ...problemResponses(404) },
      },
    },
    async (request) => {
      const order = await orders.find(request.params.id);
      if (!order) {
        throw notFound(`order ${request.params.id} does not exist`);
      }
      return order;
    },
  );

  app.get(
    "/orders/:id/events",
    {
      schema: {
        tags: ["orders"],
        summary: "The events of an order, in order",
        params: OrderParams,
        response: { 200: EventList, ...problemResponses(404) },
      },
    },
    async (request) => {
      const events = await orders.events(request.params.id);
      if (!events) {
        throw notFound(`order ${request.params.id} does not exist`);
      }
      return { data: events };
    },
  );
}
