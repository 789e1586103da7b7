import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { Cart, Line } from "../schemas.js";

/** One line of a cart with the product as it is now (checkout needs `active`). */
export interface CartLine extends Line {
  active: boolean;
}

/** The caller's lines, in the order they were first added, at today's prices. */
export async function cartLines(db: Kysely<Database>, userId: number): Promise<CartLine[]> {
  const rows = await db
    .selectFrom("cart_items")
    .innerJoin("products", "products.id", "cart_items.product_id")
    .select([
      "cart_items.product_id",
      "cart_items.quantity",
      "products.sku",
      "products.name",
      "products.price_cents",
      "products.active",
    ])
    .where("cart_items.user_id", "=", userId)
    .orderBy("cart_items.added_at")
    .orderBy("cart_items.product_id")
    .execute();
  return rows.map((row) => {
    const unitPriceCents = Number(row.price_cents);
    const quantity = Number(row.quantity);
    return {
      productId: Number(row.product_id),
      sku: row.sku,
      name: row.name,
      unitPriceCents,
      quantity,
      lineTotalCents: unitPriceCents * quantity,
      active: Boolean(row.active),
    };
  });
}

export const toLine = ({ active: _, ...line }: CartLine): Line => line;

export function total(lines: readonly Line[]): number {
  return lines.reduce((sum, line) => sum + line.lineTotalCents, 0);
}

export async function cartOf(
  db: Kysely<Database>,
  userId: number,
  currency: string,
): Promise<Cart> {
  const items = (await cartLines(db, userId)).map(toLine);
  return { items, totalCents: total(items), currency };
}
