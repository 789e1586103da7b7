import type { Kysely, Selectable } from "kysely";
import { isUniqueViolation } from "../db/errors.js";
import type { Database, PaymentStatus, PaymentsTable } from "../db/schema.js";
import { conflict } from "../http/problems.js";
import type { Payment } from "../schemas.js";
import { now, toTimestamp } from "../timestamps.js";
import { brandOf, type Card, decide } from "./cards.js";

type PaymentRow = Selectable<PaymentsTable>;

export function toPayment(row: PaymentRow): Payment {
  return {
    id: Number(row.id),
    orderId: Number(row.order_id),
    status: row.status,
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    card: { brand: row.brand, last4: row.last4 },
    declineCode: row.decline_code,
    createdAt: toTimestamp(row.created_at),
    updatedAt: toTimestamp(row.updated_at),
  };
}

export async function findPayment(db: Kysely<Database>, id: number): Promise<Payment | undefined> {
  const row = await db.selectFrom("payments").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toPayment(row);
}

/** An order's payments, oldest first. */
export async function paymentsOf(db: Kysely<Database>, orderId: number): Promise<Payment[]> {
  const rows = await db
    .selectFrom("payments")
    .selectAll()
    .where("order_id", "=", orderId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toPayment);
}

/**
 * Charges the order through the simulator, inside the caller's transaction:
 * 409 unless the order is `pending_payment`, and 409 when it already has a
 * pending or succeeded payment (the partial unique index `payments_one_live`
 * says so, not a check in code). A succeeded payment makes the order `paid` in
 * the same transaction. Only the brand and last four digits are stored.
 *
 * The first write takes the order's row lock (an UPDATE guarded by the
 * status), the same lock a cancel takes first: a payment and a cancel of one
 * order run one after the other, so no order is cancelled under a payment
 * that is still pending.
 */
export async function charge(
  trx: Kysely<Database>,
  orderId: number,
  card: Card,
): Promise<{ id: number; status: PaymentStatus }> {
  const timestamp = now();
  const payable = await trx
    .updateTable("orders")
    .set({ updated_at: timestamp })
    .where("id", "=", orderId)
    .where("status", "=", "pending_payment")
    .returning(["total_cents", "currency"])
    .executeTakeFirst();
  if (!payable) {
    const current = await trx
      .selectFrom("orders")
      .select("status")
      .where("id", "=", orderId)
      .executeTakeFirst();
    throw conflict(
      `order ${orderId} is ${current?.status ?? "gone"}: only a pending_payment order can be paid`,
    );
  }
  const decision = decide(card.number);
  let payment: { id: number };
  try {
    payment = await trx
      .insertInto("payments")
      .values({
        order_id: orderId,
        status: decision.status,
        amount_cents: payable.total_cents,
        currency: payable.currency,
        brand: brandOf(card.number),
        last4: card.number.slice(-4),
        decline_code: decision.declineCode,
        created_at: timestamp,
        updated_at: timestamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(`order ${orderId} already has a pending or succeeded payment`);
    }
    throw error;
  }
  if (decision.status === "succeeded") {
    await markPaid(trx, orderId, timestamp);
  }
  return { id: Number(payment.id), status: decision.status };
}

export async function markPaid(trx: Kysely<Database>, orderId: number, timestamp: string) {
  await trx
    .updateTable("orders")
    .set({ status: "paid", updated_at: timestamp })
    .where("id", "=", orderId)
    .where("status", "=", "pending_payment")
    .execute();
}
