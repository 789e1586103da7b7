import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { describe, expect, test } from "vitest";
import { createLogger } from "../src/http/logging.js";
import { signatureHeader } from "../src/shop/signatures.js";
import { startApp, stopApp, useApp } from "./support/app.js";
import { WEBHOOK_SECRET } from "./support/config.js";
import { addProduct, asAdmin, expectProblem, signUp } from "./support/users.js";

const CARD = {
  number: "4242424242424242",
  expMonth: 12,
  expYear: new Date().getUTCFullYear() + 2,
  cvc: "123",
};

let keys = 0;
const key = () => `key-${++keys}-${Date.now()}`;

async function put(
  app: FastifyInstance,
  who: Record<string, string>,
  productId: number,
  quantity: number,
) {
  return app.inject({
    method: "PUT",
    url: `/cart/items/${productId}`,
    headers: who,
    payload: { quantity },
  });
}

function checkout(app: FastifyInstance, who: Record<string, string>, idempotencyKey = key()) {
  return app.inject({
    method: "POST",
    url: "/orders",
    headers: { ...who, "idempotency-key": idempotencyKey },
    payload: {},
  });
}

function pay(
  app: FastifyInstance,
  who: Record<string, string>,
  orderId: number,
  card: Record<string, unknown> = CARD,
  idempotencyKey = key(),
) {
  return app.inject({
    method: "POST",
    url: `/orders/${orderId}/payments`,
    headers: { ...who, "idempotency-key": idempotencyKey },
    payload: { card },
  });
}

async function stockOf(app: FastifyInstance, admin: Record<string, string>, id: number) {
  return (await app.inject({ url: `/products/${id}`, headers: admin })).json().stock as number;
}

function sendEvent(app: FastifyInstance, event: object, header?: string) {
  const raw = JSON.stringify(event);
  return app.inject({
    method: "POST",
    url: "/webhooks/payments",
    headers: {
      "content-type": "application/json",
      "webhook-signature":
        header ?? signatureHeader(WEBHOOK_SECRET, raw, Math.floor(Date.now() / 1000)),
    },
    payload: raw,
  });
}

describe("products", () => {
  const t = useApp();

  test("admins write them, sku unique without case, inactive hidden, search and sort", async () => {
    const admin = await asAdmin(t.app);
    const customer = await signUp(t.app);
    const denied = await t.app.inject({
      method: "POST",
      url: "/products",
      headers: customer,
      payload: { sku: "A-1", name: "x", priceCents: 1, stock: 1 },
    });
    expectProblem(denied, 403);
    const cheap = await addProduct(t.app, admin, {
      sku: "Mug-1",
      name: "B École",
      priceCents: 100,
    });
    const dear = await addProduct(t.app, admin, { name: "A école", priceCents: 900 });
    expect(cheap.description).toBe("");
    const taken = await t.app.inject({
      method: "POST",
      url: "/products",
      headers: admin,
      payload: { sku: "mug-1", name: "x", priceCents: 1, stock: 1 },
    });
    expect(expectProblem(taken, 409).errors).toEqual([expect.objectContaining({ field: "sku" })]);
    const byPrice = await t.app.inject({ url: "/products?q=%C3%89COLE&sort=-priceCents" });
    expect(byPrice.json()).toMatchObject({ page: 1, limit: 20, total: 2 });
    expect(byPrice.json().data.map((p: { id: number }) => p.id)).toEqual([dear.id, cheap.id]);
    expectProblem(await t.app.inject({ url: "/products?sort=price" }), 400);
    const empty = await t.app.inject({
      method: "PATCH",
      url: `/products/${dear.id}`,
      headers: admin,
      payload: {},
    });
    expectProblem(empty, 400);
    await t.app.inject({
      method: "PATCH",
      url: `/products/${dear.id}`,
      headers: admin,
      payload: { active: false },
    });
    expectProblem(await t.app.inject({ url: `/products/${dear.id}`, headers: customer }), 404);
    expect(
      (await t.app.inject({ url: `/products/${dear.id}`, headers: admin })).json().active,
    ).toBe(false);
    expect((await t.app.inject({ url: "/products?q=école" })).json().total).toBe(1);
  });
});

describe("cart and checkout", () => {
  const t = useApp();

  test("checkout freezes prices, empties the cart, takes the stock; the same key again is the same order", async () => {
    const admin = await asAdmin(t.app);
    const customer = await signUp(t.app);
    const mug = await addProduct(t.app, admin, { priceCents: 450, stock: 10 });
    expect((await put(t.app, customer, mug.id, 3)).json()).toMatchObject({
      totalCents: 1350,
      currency: "USD",
    });
    expectProblem(await put(t.app, customer, mug.id, 100), 400);
    const orderKey = key();
    const first = await checkout(t.app, customer, orderKey);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: "pending_payment", totalCents: 1350 });
    const again = await checkout(t.app, customer, orderKey);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const other = await t.app.inject({
      method: "POST",
      url: "/orders",
      headers: { ...customer, "idempotency-key": orderKey },
      payload: { note: "another body" },
    });
    expectProblem(other, 422);
    expect(await stockOf(t.app, admin, mug.id)).toBe(7);
    expect((await t.app.inject({ url: "/cart", headers: customer })).json().items).toEqual([]);
    expectProblem(await checkout(t.app, customer), 400);
    const noKey = await t.app.inject({
      method: "POST",
      url: "/orders",
      headers: customer,
      payload: {},
    });
    expect(expectProblem(noKey, 400).errors).toEqual([
      expect.objectContaining({ field: "Idempotency-Key" }),
    ]);
  });

  test("a short product is a 409 naming it, and nothing is reserved", async () => {
    const admin = await asAdmin(t.app);
    const customer = await signUp(t.app);
    const plenty = await addProduct(t.app, admin, { stock: 10 });
    const short = await addProduct(t.app, admin, { stock: 1 });
    await put(t.app, customer, plenty.id, 2);
    await put(t.app, customer, short.id, 2);
    const refused = await checkout(t.app, customer);
    expect(expectProblem(refused, 409).errors).toEqual([
      { field: `items.${short.id}.quantity`, message: `only 1 of ${short.sku} left` },
    ]);
    expect(await stockOf(t.app, admin, plenty.id)).toBe(10);
    expect((await t.app.inject({ url: "/cart", headers: customer })).json().items).toHaveLength(2);
  });

  test("K units and 3K concurrent checkouts make exactly K orders; cancel returns stock once", async () => {
    const admin = await asAdmin(t.app);
    const K = 3;
    const product = await addProduct(t.app, admin, { stock: K });
    const buyers = [];
    for (let i = 0; i < 3 * K; i += 1) {
      const buyer = await signUp(t.app);
      await put(t.app, buyer, product.id, 1);
      buyers.push(buyer);
    }
    const answers = await Promise.all(buyers.map((buyer) => checkout(t.app, buyer)));
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses).toEqual([...Array(K).fill(201), ...Array(2 * K).fill(409)]);
    expect(await stockOf(t.app, admin, product.id)).toBe(0);
    const winner = answers.findIndex((answer) => answer.statusCode === 201);
    const order = answers[winner]?.json();
    const who = buyers[winner] as Record<string, string>;
    const cancelled = await t.app.inject({
      method: "POST",
      url: `/orders/${order.id}/cancel`,
      headers: who,
    });
    expect(cancelled.json().status).toBe("cancelled");
    expectProblem(
      await t.app.inject({ method: "POST", url: `/orders/${order.id}/cancel`, headers: who }),
      409,
    );
    expect(await stockOf(t.app, admin, product.id)).toBe(1);
  });

  test("one key sent five times at once makes one order", async () => {
    const admin = await asAdmin(t.app);
    const customer = await signUp(t.app);
    const product = await addProduct(t.app, admin, { stock: 100 });
    await put(t.app, customer, product.id, 1);
    const same = key();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => checkout(t.app, customer, same)),
    );
    expect(answers.filter((answer) => answer.statusCode === 201)).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer.json().id)).size).toBe(1);
    expect(await stockOf(t.app, admin, product.id)).toBe(99);
  });
});

describe("payments and webhooks", () => {
  const t = useApp();

  async function newOrder(app: FastifyInstance) {
    const admin = await asAdmin(app);
    const customer = await signUp(app);
    const product = await addProduct(app, admin, { priceCents: 2500 });
    await put(app, customer, product.id, 2);
    const order = (await checkout(app, customer)).json();
    return { customer, order };
  }

  test("each test card, idempotent payments, one live payment per order", async () => {
    const { customer, order } = await newOrder(t.app);
    const declined = await pay(t.app, customer, order.id, { ...CARD, number: "4000000000000002" });
    expect(declined.statusCode).toBe(201);
    expect(declined.json()).toMatchObject({
      status: "declined",
      declineCode: "card_declined",
      amountCents: 5000,
    });
    const broke = await pay(t.app, customer, order.id, { ...CARD, number: "4000000000009995" });
    expect(broke.json()).toMatchObject({ status: "declined", declineCode: "insufficient_funds" });
    const same = key();
    const paid = await pay(t.app, customer, order.id, CARD, same);
    expect(paid.json()).toMatchObject({
      status: "succeeded",
      card: { brand: "visa", last4: "4242" },
    });
    expect((await pay(t.app, customer, order.id, CARD, same)).statusCode).toBe(200);
    expectProblem(await pay(t.app, customer, order.id, { ...CARD, cvc: "999" }, same), 422);
    expectProblem(await pay(t.app, customer, order.id), 409);
    const stranger = await signUp(t.app);
    expectProblem(await pay(t.app, stranger, order.id), 403);
    const listed = await t.app.inject({ url: `/orders/${order.id}/payments`, headers: customer });
    expect(listed.json().data.map((p: { status: string }) => p.status)).toEqual([
      "declined",
      "declined",
      "succeeded",
    ]);
    expect(
      (await t.app.inject({ url: `/orders/${order.id}`, headers: customer })).json().status,
    ).toBe("paid");
  });

  test("any other Luhn-valid number succeeds, its brand told by its prefix", async () => {
    const { customer, order } = await newOrder(t.app);
    const paid = await pay(t.app, customer, order.id, { ...CARD, number: "5555555555554444" });
    expect(paid.statusCode).toBe(201);
    expect(paid.json()).toMatchObject({
      status: "succeeded",
      declineCode: null,
      card: { brand: "mastercard", last4: "4444" },
    });
  });

  test("a payment and a cancel of one order at once: exactly one of them happens", async () => {
    for (let round = 0; round < 5; round += 1) {
      const { customer, order } = await newOrder(t.app);
      const [paid, cancelled] = await Promise.all([
        pay(t.app, customer, order.id, { ...CARD, number: "4000000000003220" }),
        t.app.inject({ method: "POST", url: `/orders/${order.id}/cancel`, headers: customer }),
      ]);
      expect([paid.statusCode, cancelled.statusCode].sort()).toEqual(
        paid.statusCode === 201 ? [201, 409] : [200, 409],
      );
      const now = (await t.app.inject({ url: `/orders/${order.id}`, headers: customer })).json();
      expect(now.status).toBe(paid.statusCode === 201 ? "pending_payment" : "cancelled");
    }
  });

  test.each([
    [{ number: "4242424242424241" }, "card.number"],
    [{ number: 4242424242424242 }, "card.number"],
    [{ expYear: 2020 }, "card.expYear"],
    [{ expMonth: 13 }, "card.expMonth"],
    [{ cvc: "12a" }, "card.cvc"],
  ])("a bad card %j is a 400 naming %s that never echoes the number", async (override, field) => {
    const { customer, order } = await newOrder(t.app);
    const response = await pay(t.app, customer, order.id, { ...CARD, ...override });
    expect(expectProblem(response, 400).errors).toEqual([expect.objectContaining({ field })]);
    expect(response.body).not.toContain("424242424242424");
  });

  test("signed events: bad signatures are 400, a failed event declines once, a duplicate changes nothing", async () => {
    const { customer, order } = await newOrder(t.app);
    const pending = (
      await pay(t.app, customer, order.id, { ...CARD, number: "4000000000003220" })
    ).json();
    expect(pending.status).toBe("pending");
    const event = {
      id: `evt_${Date.now()}`,
      type: "payment.failed",
      data: { paymentId: pending.id },
    };
    const raw = JSON.stringify(event);
    const now = Math.floor(Date.now() / 1000);
    for (const header of [
      "",
      "v1=abc",
      signatureHeader("x".repeat(40), raw, now),
      signatureHeader(WEBHOOK_SECRET, raw, now - 301),
    ]) {
      expectProblem(await sendEvent(t.app, event, header), 400);
    }
    expect((await sendEvent(t.app, event)).json()).toEqual({ received: true });
    expect((await sendEvent(t.app, event)).json()).toEqual({ received: true });
    expectProblem(
      await sendEvent(t.app, { id: "evt_x", type: "payment.refunded", data: { paymentId: 1 } }),
      400,
    );
    expectProblem(
      await sendEvent(t.app, { id: "evt_y", type: "payment.failed", data: { paymentId: 999999 } }),
      404,
    );
    const listed = await t.app.inject({ url: `/orders/${order.id}/payments`, headers: customer });
    expect(listed.json().data[0]).toMatchObject({
      status: "declined",
      declineCode: "processing_error",
    });
    const metrics = (await t.app.inject({ url: "/metrics" })).body;
    expect(metrics).toContain('shop_webhook_events_total{outcome="applied"} 1');
    expect(metrics).toContain('shop_webhook_events_total{outcome="duplicate"} 1');
    expect(metrics).toContain('shop_payments_total{status="pending"} 1');
  });
});

/** The app's own logger at debug level, its output kept as text. */
function debugLogger() {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { logger: createLogger("debug", stream), text: () => text };
}

describe("the log of a payment", () => {
  test("holds neither the card number nor the CVC, and the row only the last four", async () => {
    const { logger, text } = debugLogger();
    const t = await startApp({}, logger);
    try {
      const admin = await asAdmin(t.app);
      const customer = await signUp(t.app);
      const product = await addProduct(t.app, admin);
      await put(t.app, customer, product.id, 1);
      const order = (await checkout(t.app, customer)).json();
      const paid = await pay(t.app, customer, order.id, { ...CARD, cvc: "7391" });
      expect(paid.statusCode).toBe(201);
      const rows = await t.db.selectFrom("payments").selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain("4242424242424242");
      expect(rows[0]?.last4).toBe("4242");
    } finally {
      await stopApp(t);
    }
    expect(text()).toContain("request completed");
    expect(text()).not.toContain("4242424242424242");
    expect(text()).not.toContain("7391");
  });
});

describe("settlement", () => {
  async function pendingPayment(app: FastifyInstance) {
    const admin = await asAdmin(app);
    const customer = await signUp(app);
    const product = await addProduct(app, admin);
    await put(app, customer, product.id, 1);
    const order = (await checkout(app, customer)).json();
    const payment = (
      await pay(app, customer, order.id, { ...CARD, number: "4000000000003220" })
    ).json();
    return { customer, order, payment };
  }

  async function waitForPaid(
    app: FastifyInstance,
    customer: Record<string, string>,
    orderId: number,
  ) {
    for (let i = 0; i < 100; i += 1) {
      const order = (await app.inject({ url: `/orders/${orderId}`, headers: customer })).json();
      if (order.status === "paid") {
        return true;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  }

  test("a pending payment settles through a real HTTP call to the server", async () => {
    const t = await startApp({ settleSeconds: 0.2 });
    try {
      await t.app.listen({ host: "127.0.0.1", port: 0 });
      const { customer, order } = await pendingPayment(t.app);
      expect(await waitForPaid(t.app, customer, order.id)).toBe(true);
    } finally {
      await stopApp(t);
    }
  });

  test("an order with a pending payment cannot be cancelled; once settled it is paid", async () => {
    const t = await startApp({ settleSeconds: 0.5 });
    try {
      await t.app.listen({ host: "127.0.0.1", port: 0 });
      const admin = await asAdmin(t.app);
      const { customer, order } = await pendingPayment(t.app);
      const productId = order.items[0].productId as number;
      const refused = await t.app.inject({
        method: "POST",
        url: `/orders/${order.id}/cancel`,
        headers: customer,
      });
      expect(expectProblem(refused, 409).detail).toBe(
        `order ${order.id} has a pending payment: it settles through the payment webhook; cancel after it is declined`,
      );
      // Nothing moved: the order is still pending payment and its stock still taken.
      expect(
        (await t.app.inject({ url: `/orders/${order.id}`, headers: customer })).json().status,
      ).toBe("pending_payment");
      expect(await stockOf(t.app, admin, productId)).toBe(9);
      expect(await waitForPaid(t.app, customer, order.id)).toBe(true);
      expectProblem(
        await t.app.inject({
          method: "POST",
          url: `/orders/${order.id}/cancel`,
          headers: customer,
        }),
        409,
      );
    } finally {
      await stopApp(t);
    }
  });

  test("five failed deliveries are given up with a warning, the payment left pending", async () => {
    const seen: string[] = [];
    const down = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        seen.push(String(request.headers["webhook-signature"]));
        response.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", resolve));
    const port = (down.address() as AddressInfo).port;
    const { logger, text } = debugLogger();
    const t = await startApp(
      { settleSeconds: 0.05, webhookUrl: `http://127.0.0.1:${port}/hook` },
      logger,
    );
    try {
      const { customer, order } = await pendingPayment(t.app);
      for (let i = 0; i < 100 && !text().includes("gave up"); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(seen).toHaveLength(5);
      const gaveUp = text()
        .split("\n")
        .filter((line) => line.includes("gave up"))
        .map((line) => JSON.parse(line));
      expect(gaveUp).toEqual([
        expect.objectContaining({
          level: "warn",
          attempt: 5,
          payment_id: expect.any(Number),
          event_id: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
        }),
      ]);
      expect(text()).not.toContain("4000000000003220");
      const listed = await t.app.inject({ url: `/orders/${order.id}/payments`, headers: customer });
      expect(listed.json().data[0].status).toBe("pending");
    } finally {
      await stopApp(t);
      down.close();
    }
  });

  test("a delivery answered 500 is retried with the same event id", async () => {
    const seen: string[] = [];
    let app: FastifyInstance | undefined;
    // The first delivery fails; the second is passed on to the app.
    const relay = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", async () => {
        const body = Buffer.concat(chunks).toString();
        seen.push(JSON.parse(body).id);
        if (seen.length === 1 || !app) {
          response.writeHead(500).end();
          return;
        }
        const answer = await app.inject({
          method: "POST",
          url: "/webhooks/payments",
          headers: {
            "content-type": "application/json",
            "webhook-signature": String(request.headers["webhook-signature"]),
          },
          payload: body,
        });
        response.writeHead(answer.statusCode).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    const port = (relay.address() as AddressInfo).port;
    const t = await startApp({ settleSeconds: 0.1, webhookUrl: `http://127.0.0.1:${port}/hook` });
    app = t.app;
    try {
      const { customer, order } = await pendingPayment(t.app);
      expect(await waitForPaid(t.app, customer, order.id)).toBe(true);
      expect(seen).toHaveLength(2);
      expect(seen[0]).toMatch(/^evt_[0-9a-f]{32}$/);
      expect(seen[1]).toBe(seen[0]);
    } finally {
      await stopApp(t);
      relay.close();
    }
  });
});
