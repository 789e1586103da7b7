/**
 * The payment simulator's settlement: a pending payment settles the way a
 * real processor's would, by a signed event POSTed to the webhook.
 *
 * After PAYMENT_SETTLE_SECONDS it sends `{"id":"evt_…","type":
 * "payment.succeeded","data":{"paymentId":…}}` to PAYMENT_WEBHOOK_URL (by
 * default this server's own /webhooks/payments), signed with
 * PAYMENT_WEBHOOK_SECRET. A failed delivery (a network error, a timeout, any
 * answer but 2xx) is retried after 1, 2, 4 and 8 seconds with the same event
 * id, then given up with a warning. The timers live in this process: at
 * start-up every payment still pending is scheduled again, and closing the
 * app cancels them (the next start reschedules them).
 */

import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { signatureHeader } from "../shop/signatures.js";

declare module "fastify" {
  interface FastifyInstance {
    /** Schedules the settlement event of a pending payment (after its transaction committed). */
    settle: (paymentId: number) => void;
  }
}

export const simulator = fp(
  async (app: FastifyInstance) => {
    const { config } = app;
    const timers = new Set<NodeJS.Timeout>();
    const closing = new AbortController();

    function later(seconds: number, task: () => Promise<void>): void {
      if (closing.signal.aborted) {
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        void task();
      }, seconds * 1000);
      timers.add(timer);
    }

    /** PAYMENT_WEBHOOK_URL, else the address this server listens on. */
    function webhookUrl(): string {
      if (config.webhookUrl) {
        return config.webhookUrl;
      }
      const address = app.server.address() as AddressInfo | null;
      const port = address && typeof address === "object" ? address.port : config.port;
      return `http://127.0.0.1:${port}/webhooks/payments`;
    }

    async function deliver(paymentId: number, eventId: string, attempt: number): Promise<void> {
      const body = JSON.stringify({
        id: eventId,
        type: "payment.succeeded",
        data: { paymentId },
      });
      const log = app.log.child({ payment_id: paymentId, event_id: eventId, attempt: attempt + 1 });
      let failure: string;
      try {
        const response = await fetch(webhookUrl(), {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "webhook-signature": signatureHeader(
              config.webhookSecret,
              body,
              Math.floor(Date.now() / 1000),
            ),
          },
          body,
          signal: AbortSignal.any([AbortSignal.timeout(config.webhookTimeoutMs), closing.signal]),
        });
        await response.arrayBuffer();
        if (response.ok) {
          log.info("settlement event delivered");
          return;
        }
        failure = `answered ${response.status}`;
      } catch (error) {
        if (closing.signal.aborted) {
          return;
        }
        failure =
          (error as Error).name === "TimeoutError" ? "timed out" : String((error as Error).message);
      }
      const delay = config.webhookRetryDelaysSeconds[attempt];
      if (delay === undefined) {
        log.warn({ failure }, "gave up delivering the settlement event");
        return;
      }
      log.info({ failure, retry_in_seconds: delay }, "settlement event not delivered; retrying");
      later(delay, () => deliver(paymentId, eventId, attempt + 1));
    }

    app.decorate("settle", (paymentId: number) => {
      // One event id for every attempt: the webhook applies it once.
      const eventId = `evt_${randomBytes(16).toString("hex")}`;
      later(config.settleSeconds, () => deliver(paymentId, eventId, 0));
    });

    // A restart must not strand a pending payment: schedule each one again.
    app.addHook("onReady", async () => {
      try {
        const pending = await app.db
          .selectFrom("payments")
          .select("id")
          .where("status", "=", "pending")
          .execute();
        for (const payment of pending) {
          app.settle(Number(payment.id));
        }
      } catch (error) {
        // The database is down: the server still starts (and /readyz says so).
        app.log.warn({ err: error }, "could not reschedule the pending payments");
      }
    });

    app.addHook("onClose", async () => {
      closing.abort();
      for (const timer of timers) {
        clearTimeout(timer);
      }
      timers.clear();
    });
  },
  { name: "simulator", dependencies: ["config", "database"] },
);
