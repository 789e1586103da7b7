import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { ErrorObject } from "ajv";
import type { FastifyInstance, FastifySchemaCompiler } from "fastify";
import { Counter } from "prom-client";
import { writeTransaction } from "../db/transaction.js";
import {
  badRequest,
  fieldErrors,
  HttpProblem,
  notFound,
  problemResponses,
} from "../http/problems.js";
import { compileValidator } from "../http/validation.js";
import { Received, WebhookEvent, WebhookHeaders } from "../schemas.js";
import { markPaid } from "../shop/payments.js";
import { VERDICT_DETAILS, verifySignature } from "../shop/signatures.js";
import { now } from "../timestamps.js";

type Outcome = "applied" | "ignored" | "duplicate";

// The raw body is what is signed: it is read as bytes and checked in the handler.
const checkedInHandler: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === "body" || route.httpPart === "headers" ? () => true : compileValidator(route);

const validateEvent = compileValidator({
  schema: WebhookEvent,
  httpPart: "body",
  method: "POST",
  url: "/webhooks/payments",
}) as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** `POST /webhooks/payments`: signed settlement events, each event id applied once. */
export async function webhookRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, db } = app;

  const events = new Counter({
    name: "shop_webhook_events_total",
    help: "Signed webhook events received, by outcome (applied, ignored, duplicate).",
    labelNames: ["outcome"] as const,
    registers: [app.metrics],
  });
  for (const outcome of ["applied", "ignored", "duplicate"]) {
    events.inc({ outcome }, 0);
  }

  // In this plugin only: every body arrives as the bytes that were signed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.post(
    "/payments",
    {
      validatorCompiler: checkedInHandler,
      schema: {
        tags: ["webhooks"],
        summary: "A signed settlement event from the processor (here the simulator)",
        description:
          'Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">, at most 300 s from now.',
        headers: WebhookHeaders,
        body: WebhookEvent,
        response: { 200: Received, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers["webhook-signature"];
      const verdict = verifySignature(
        config.webhookSecret,
        Array.isArray(header) ? header.join(",") : header,
        raw,
      );
      if (verdict !== "valid") {
        throw badRequest("Webhook-Signature", VERDICT_DETAILS[verdict]);
      }
      let event: unknown;
      try {
        event = JSON.parse(raw.toString("utf8"));
      } catch {
        throw badRequest("body", "must be a JSON object");
      }
      if (!validateEvent(event)) {
        throw new HttpProblem(
          400,
          "the event is malformed",
          fieldErrors(validateEvent.errors ?? []),
        );
      }
      const { id, type, data } = event as WebhookEvent;
      const outcome = await writeTransaction(db, async (trx): Promise<Outcome> => {
        const payment = await trx
          .selectFrom("payments")
          .select(["id", "order_id"])
          .where("id", "=", data.paymentId)
          .executeTakeFirst();
        if (!payment) {
          throw notFound(`payment ${data.paymentId} does not exist`);
        }
        const recorded = await trx
          .insertInto("webhook_events")
          .values({ id, type, payment_id: data.paymentId, received_at: now() })
          .onConflict((conflict) => conflict.column("id").doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!recorded) {
          return "duplicate";
        }
        const timestamp = now();
        // The first settlement wins: only a pending payment changes.
        const changed = await trx
          .updateTable("payments")
          .set(
            type === "payment.succeeded"
              ? { status: "succeeded", updated_at: timestamp }
              : { status: "declined", decline_code: "processing_error", updated_at: timestamp },
          )
          .where("id", "=", data.paymentId)
          .where("status", "=", "pending")
          .executeTakeFirst();
        if (Number(changed.numUpdatedRows) !== 1) {
          return "ignored";
        }
        if (type === "payment.succeeded") {
          await markPaid(trx, Number(payment.order_id), timestamp);
        }
        return "applied";
      });
      events.inc({ outcome });
      request.log.info({ event_id: id, payment_id: data.paymentId, outcome }, "webhook event");
      return { received: true as const };
    },
  );
}
