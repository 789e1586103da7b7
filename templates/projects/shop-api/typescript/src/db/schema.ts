import type { ColumnType, Generated } from "kysely";

/** Written as RFC 3339 text; read back as a Date (PostgreSQL) or the text (SQLite). */
export type Timestamp = ColumnType<Date | string, string, string>;

/** A boolean on PostgreSQL, 0 or 1 on SQLite. */
export type Flag = ColumnType<boolean | number, boolean, boolean>;

export type Role = "customer" | "admin";
export type OrderStatus = "pending_payment" | "paid" | "cancelled";
export type PaymentStatus = "pending" | "succeeded" | "declined";

export interface UsersTable {
  id: Generated<number>;
  name: string;
  email: string;
  password_hash: string;
  role: Role;
  created_at: Timestamp;
}

export interface ProductsTable {
  id: Generated<number>;
  /** As given; unique on lower(sku). */
  sku: string;
  name: string;
  description: string;
  /** `name.toLowerCase()`: what `?q=` searches, the same on both databases. */
  name_folded: string;
  description_folded: string;
  price_cents: number;
  stock: number;
  active: Flag;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CartItemsTable {
  user_id: number;
  product_id: number;
  quantity: number;
  added_at: Timestamp;
}

export interface OrdersTable {
  id: Generated<number>;
  user_id: number;
  status: OrderStatus;
  total_cents: number;
  currency: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A line as it was at checkout: sku, name and price are copies, frozen. */
export interface OrderItemsTable {
  order_id: number;
  /** The line's place in the order (the cart's order). */
  position: number;
  product_id: number;
  sku: string;
  name: string;
  unit_price_cents: number;
  quantity: number;
}

/** Never the card number or CVC: the brand and last four only. */
export interface PaymentsTable {
  id: Generated<number>;
  order_id: number;
  status: PaymentStatus;
  amount_cents: number;
  currency: string;
  brand: string;
  last4: string;
  decline_code: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IdempotencyKeysTable {
  user_id: number;
  /** The endpoint: `POST /orders` or `POST /orders/7/payments`. */
  scope: string;
  key: string;
  /** Hex HMAC-SHA256 of the canonical request body. */
  fingerprint: string;
  /** The order or payment it made; null while the claim's transaction runs. */
  resource_id: number | null;
  created_at: Timestamp;
}

export interface WebhookEventsTable {
  id: string;
  type: string;
  payment_id: number;
  received_at: Timestamp;
}

export interface Database {
  users: UsersTable;
  products: ProductsTable;
  cart_items: CartItemsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  payments: PaymentsTable;
  idempotency_keys: IdempotencyKeysTable;
  webhook_events: WebhookEventsTable;
}
