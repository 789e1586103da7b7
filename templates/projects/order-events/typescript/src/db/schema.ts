import type { ColumnType, Generated } from "kysely";

/** Written as RFC 3339 text; read back as a Date (PostgreSQL) or the text (SQLite). */
export type Timestamp = ColumnType<Date | string, string, string>;

type Reference = number;

export type Status = "placed" | "confirmed" | "rejected";

export interface OrdersTable {
  id: Generated<number>;
  /** Stored lower-cased: it names the customer whose orders keep their order. */
  customer_email: string;
  /** The lines as the API shows them, JSON text: read and written whole. */
  items: string;
  status: Status;
  reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InventoryTable {
  sku: string;
  available: number;
}

/** The outbox, and the history of every order: the relay publishes the rows without published_at. */
export interface EventsTable {
  id: Generated<number>;
  order_id: Reference;
  type: string;
  /** JSON text of an object. */
  data: string;
  occurred_at: Timestamp;
  published_at: Timestamp | null;
}

/** One row per event a group has applied, written in the effect's own transaction. */
export interface ProcessedEventsTable {
  consumer_group: string;
  event_id: Reference;
  processed_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<number>;
  order_id: Reference;
  event_id: Reference;
  channel: string;
  recipient: string;
  subject: string;
  created_at: Timestamp;
}

export interface Database {
  orders: OrdersTable;
  inventory: InventoryTable;
  events: EventsTable;
  processed_events: ProcessedEventsTable;
  notifications: NotificationsTable;
}
