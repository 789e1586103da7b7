import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { ErrorObject } from "ajv";
import type { FastifyInstance, FastifySchemaCompiler } from "fastify";
import { Counter } from "prom-client";
import {
  badRequest,
  conflict,
  fieldErrors,
  forbidden,
  HttpProblem,
  notFound,
  problemResponses,
} from "../http/problems.js";
import { compileValidator } from "../http/validation.js";
import { type Caller, signedIn } from "../plugins/authentication.js";
import {
  CheckoutBody,
  IdempotencyHeaders,
  Order,
  OrderPage,
  OrderParams,
  OrderQuery,
  Payment,
  PaymentList,
  PaymentRequest,
} from "../schemas.js";
import type { Card } from "../shop/cards.js";
import { cardErrors } from "../shop/cards.js";
import { fingerprint, idempotent, readKey } from "../shop/idempotency.js";
import { cancel, checkout, findOrder, loadOrder, type OrderRow } from "../shop/orders.js";
import { charge, findPayment, paymentsOf } from "../shop/payments.js";

const secured = [{ bearer: [] }];

/**
 * The body and the `Idempotency-Key` of checkout and payment are documented
 * in the route's schema but checked in the handler, in the order the
 * contract gives: the order (404, 403) first, then the key, then the body.
 */
const checkedInHandler: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === "body" || route.httpPart === "headers" ? () => true : compileValidator(route);

const validatePayment = compileValidator({
  schema: PaymentRequest,
  httpPart: "body",
  method: "POST",
  url: "/orders/:id/payments",
}) as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The card of a payment request, or a 400 naming each bad field (never echoing its value). */
function readCard(body: unknown): Card {
  if (!validatePayment(body)) {
    throw new HttpProblem(400, "the request is invalid", fieldErrors(validatePayment.errors ?? []));
  }
  const { card } = body as { card: Card };
  const errors = cardErrors(card);
  if (errors.length > 0) {
    throw new HttpProblem(400, "the request is invalid", errors);
  }
  return card;
}

/** `/orders`: checkout, the caller's orders, cancelling, and paying. */
export async function orderRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, db } = app;

  const payments = new Counter({
    name: "shop_payments_total",
    help: "Payments made, by the status the simulator gave them (succeeded, declined, pending).",
    labelNames: ["status"] as const,
    registers: [app.metrics],
  });
  for (const status of ["succeeded", "declined", "pending"]) {
    payments.inc({ status }, 0);
  }

  // Before the body is even read: without a valid token, nothing else is looked at.
  app.addHook("onRequest", app.authenticate);

  /** The order if the caller may see it: 404 when there is none, 403 for another customer's. */
  async function visibleOrder(id: number, caller: Caller, ownOnly = false): Promise<OrderRow> {
    const order = await findOrder(db, id);
    if (!order) {
      throw notFound(`order ${id} does not exist`);
    }
    if (Number(order.user_id) !== caller.id && (ownOnly || caller.role !== "admin")) {
      throw forbidden(`order ${id} belongs to another customer`);
    }
    return order;
  }

  async function orderById(id: number): Promise<Order> {
    const row = await findOrder(db, id);
    if (!row) {
      throw notFound(`order ${id} does not exist`);
    }
    return loadOrder(db, row);
  }

  app.post(
    "",
    {
      validatorCompiler: checkedInHandler,
      schema: {
        tags: ["orders"],
        summary: "Check out the cart: prices frozen, stock reserved, cart emptied",
        description:
          "The same Idempotency-Key and body again answer 200 with the same order; another body is 422.",
        security: secured,
        headers: IdempotencyHeaders,
        body: CheckoutBody,
        response: {
          200: Order,
          201: Order,
          ...problemResponses(400, 401, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const caller = signedIn(request);
      const key = readKey(request.headers["idempotency-key"]);
      const body: unknown = request.body ?? {};
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        throw badRequest("body", "must be a JSON object");
      }
      const outcome = await idempotent(
        db,
        {
          userId: caller.id,
          scope: "POST /orders",
          key,
          fingerprint: fingerprint(config.jwtSecret, body),
        },
        (trx) => checkout(trx, caller.id, config.currency),
      );
      return reply.code(outcome.replayed ? 200 : 201).send(await orderById(outcome.id));
    },
  );

  app.get(
    "",
    {
      schema: {
        tags: ["orders"],
        summary: "The caller's orders, newest first, paged",
        security: secured,
        querystring: OrderQuery,
        response: { 200: OrderPage, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const caller = signedIn(request);
      const { page = 1, limit = 20 } = request.query;
      const mine = db.selectFrom("orders").where("user_id", "=", caller.id);
      const { total } = await mine
        .select((eb) => eb.fn.countAll<number | string>().as("total"))
        .executeTakeFirstOrThrow();
      const rows = await mine
        .selectAll()
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .offset((page - 1) * limit)
        .execute();
      const data = await Promise.all(rows.map((row) => loadOrder(db, row)));
      return { data, page, limit, total: Number(total) };
    },
  );

  app.get(
    "/:id",
    {
      schema: {
        tags: ["orders"],
        summary: "One order (its customer or an admin)",
        security: secured,
        params: OrderParams,
        response: { 200: Order, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => loadOrder(db, await visibleOrder(request.params.id, signedIn(request))),
  );

  app.post(
    "/:id/cancel",
    {
      schema: {
        tags: ["orders"],
        summary: "Cancel an unpaid order; its stock returns, once",
        security: secured,
        params: OrderParams,
        response: { 200: Order, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const order = await visibleOrder(request.params.id, signedIn(request));
      if (!(await cancel(db, order.id))) {
        const now = await orderById(order.id);
        throw conflict(
          `order ${order.id} is ${now.status}: only a pending_payment order can be cancelled`,
        );
      }
      return orderById(order.id);
    },
  );

  app.post(
    "/:id/payments",
    {
      validatorCompiler: checkedInHandler,
      schema: {
        tags: ["payments"],
        summary: "Pay with a card; the simulator decides by test card",
        description:
          "The same Idempotency-Key and body again answer 200 with the same payment; another body is 422. " +
          "Only the card's brand and last four digits are kept.",
        security: secured,
        params: OrderParams,
        headers: IdempotencyHeaders,
        body: PaymentRequest,
        response: {
          200: Payment,
          201: Payment,
          ...problemResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const caller = signedIn(request);
      // Admins see every order, but pay only their own.
      const order = await visibleOrder(request.params.id, caller, true);
      const key = readKey(request.headers["idempotency-key"]);
      const card = readCard(request.body);
      const orderId = Number(order.id);
      let status = "";
      const outcome = await idempotent(
        db,
        {
          userId: caller.id,
          scope: `POST /orders/${orderId}/payments`,
          key,
          fingerprint: fingerprint(config.jwtSecret, request.body),
        },
        async (trx) => {
          const made = await charge(trx, orderId, card);
          status = made.status;
          return made.id;
        },
      );
      if (!outcome.replayed) {
        payments.inc({ status });
        if (status === "pending") {
          app.settle(outcome.id);
        }
      }
      const payment = await findPayment(db, outcome.id);
      if (!payment) {
        throw notFound(`payment ${outcome.id} does not exist`);
      }
      return reply.code(outcome.replayed ? 200 : 201).send(payment);
    },
  );

  app.get(
    "/:id/payments",
    {
      schema: {
        tags: ["payments"],
        summary: "An order's payments, oldest first",
        security: secured,
        params: OrderParams,
        response: { 200: PaymentList, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const order = await visibleOrder(request.params.id, signedIn(request));
      return { data: await paymentsOf(db, Number(order.id)) };
    },
  );
}
