import { type Kysely, type Selectable, sql } from "kysely";
import type { Database, OrdersTable } from "../db/schema.js";
import { writeTransaction } from "../db/transaction.js";
import { badRequest, conflict, type FieldError, HttpProblem } from "../http/problems.js";
import type { Order } from "../schemas.js";
import { now, toTimestamp } from "../timestamps.js";
import { cartLines, toLine, total } from "./carts.js";

export type OrderRow = Selectable<OrdersTable>;

/** The order with its lines, as they were frozen at checkout. */
export async function loadOrder(db: Kysely<Database>, row: OrderRow): Promise<Order> {
  const items = await db
    .selectFrom("order_items")
    .selectAll()
    .where("order_id", "=", row.id)
    .orderBy("position")
    .execute();
  return {
    id: Number(row.id),
    status: row.status,
    items: items.map((item) => {
      const unitPriceCents = Number(item.unit_price_cents);
      const quantity = Number(item.quantity);
      return {
        productId: Number(item.product_id),
        sku: item.sku,
        name: item.name,
        unitPriceCents,
        quantity,
        lineTotalCents: unitPriceCents * quantity,
      };
    }),
    totalCents: Number(row.total_cents),
    currency: row.currency,
    createdAt: toTimestamp(row.created_at),
    updatedAt: toTimestamp(row.updated_at),
  };
}

export function findOrder(db: Kysely<Database>, id: number): Promise<OrderRow | undefined> {
  return db.selectFrom("orders").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * Checkout, inside the caller's transaction: takes each line's stock with one
 * conditional UPDATE (no read-then-write), in product id order so two carts
 * never deadlock; any short line (an inactive product has 0 left) makes the
 * whole transaction roll back with a 409 naming every one of them. Then the
 * order and its lines, prices frozen, and the cart emptied. Returns the id.
 */
export async function checkout(
  trx: Kysely<Database>,
  userId: number,
  currency: string,
): Promise<number> {
  const lines = await cartLines(trx, userId);
  if (lines.length === 0) {
    throw badRequest("cart", "is empty: add a product before checking out");
  }
  const timestamp = now();
  const short = new Set<number>();
  for (const line of [...lines].sort((a, b) => a.productId - b.productId)) {
    const taken = await trx
      .updateTable("products")
      .set({ stock: sql`stock - ${line.quantity}`, updated_at: timestamp })
      .where("id", "=", line.productId)
      .where("active", "=", true)
      .where("stock", ">=", line.quantity)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) {
      short.add(line.productId);
    }
  }
  if (short.size > 0) {
    const errors: FieldError[] = [];
    for (const line of lines.filter((line) => short.has(line.productId))) {
      const product = await trx
        .selectFrom("products")
        .select(["stock", "active"])
        .where("id", "=", line.productId)
        .executeTakeFirst();
      const left = product?.active ? Number(product.stock) : 0;
      errors.push({
        field: `items.${line.productId}.quantity`,
        message: `only ${left} of ${line.sku} left`,
      });
    }
    throw new HttpProblem(409, "not enough stock: nothing was reserved", errors);
  }
  const items = lines.map(toLine);
  const order = await trx
    .insertInto("orders")
    .values({
      user_id: userId,
      status: "pending_payment",
      total_cents: total(items),
      currency,
      created_at: timestamp,
      updated_at: timestamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("order_items")
    .values(
      items.map((item, position) => ({
        order_id: order.id,
        position,
        product_id: item.productId,
        sku: item.sku,
        name: item.name,
        unit_price_cents: item.unitPriceCents,
        quantity: item.quantity,
      })),
    )
    .execute();
  await trx.deleteFrom("cart_items").where("user_id", "=", userId).execute();
  return Number(order.id);
}

/**
 * Cancels a `pending_payment` order and returns its stock, once: the status
 * change is guarded by the status, and the stock moves only if it changed.
 * False when the order was not pending payment; a 409 when a payment of it is
 * still pending (money still moving: it settles through the webhook first).
 *
 * The conditional UPDATE comes first and takes the order's row lock, the lock
 * a payment takes before it inserts; the pending payment is looked for after
 * it, in a statement of its own, so it sees a payment committed while the
 * UPDATE waited.
 */
export function cancel(db: Kysely<Database>, orderId: number): Promise<boolean> {
  return writeTransaction(db, async (trx) => {
    const timestamp = now();
    const changed = await trx
      .updateTable("orders")
      .set({ status: "cancelled", updated_at: timestamp })
      .where("id", "=", orderId)
      .where("status", "=", "pending_payment")
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) {
      return false;
    }
    const pending = await trx
      .selectFrom("payments")
      .select("id")
      .where("order_id", "=", orderId)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (pending) {
      // Thrown, so the transaction rolls back: the order stays pending_payment.
      throw conflict(
        `order ${orderId} has a pending payment: it settles through the payment webhook; cancel after it is declined`,
      );
    }
    const items = await trx
      .selectFrom("order_items")
      .select(["product_id", "quantity"])
      .where("order_id", "=", orderId)
      .orderBy("product_id")
      .execute();
    for (const item of items) {
      await trx
        .updateTable("products")
        .set({ stock: sql`stock + ${item.quantity}`, updated_at: timestamp })
        .where("id", "=", item.product_id)
        .execute();
    }
    return true;
  });
}
