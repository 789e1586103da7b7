import { type Kysely, sql } from "kysely";
import { ID, identity, REFERENCE, TIMESTAMP } from "../db/columns.js";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("orders")
    .addColumn("id", ID, identity)
    // Stored lower-cased: it names the customer whose orders keep their order.
    .addColumn("customer_email", "text", (column) => column.notNull())
    // The lines as the API returns them, [{"sku":…,"quantity":…}]: an order's
    // lines are read and written whole, never queried one by one.
    .addColumn("items", "text", (column) => column.notNull())
    .addColumn("status", "text", (column) =>
      column
        .notNull()
        .defaultTo("placed")
        .check(sql`status in ('placed', 'confirmed', 'rejected')`),
    )
    .addColumn("reason", "text")
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addColumn("updated_at", TIMESTAMP, (column) => column.notNull())
    .execute();
  await db.schema.createIndex("orders_status_id").on("orders").columns(["status", "id"]).execute();

  await db.schema
    .createTable("inventory")
    .addColumn("sku", "text", (column) => column.primaryKey())
    .addColumn("available", REFERENCE, (column) => column.notNull().check(sql`available >= 0`))
    .execute();

  // The outbox: every event of every order, written in the transaction that
  // caused it. The relay publishes the rows whose published_at is null, in id
  // order, and then sets it; the rows stay, as the history of their order.
  await db.schema
    .createTable("events")
    .addColumn("id", ID, identity)
    .addColumn("order_id", REFERENCE, (column) => column.notNull().references("orders.id"))
    .addColumn("type", "text", (column) => column.notNull())
    .addColumn("data", "text", (column) => column.notNull())
    .addColumn("occurred_at", TIMESTAMP, (column) => column.notNull())
    .addColumn("published_at", TIMESTAMP)
    .execute();
  await db.schema.createIndex("events_order_id").on("events").columns(["order_id", "id"]).execute();
  await db.schema
    .createIndex("events_unpublished")
    .on("events")
    .column("id")
    .where(sql<boolean>`published_at is null`)
    .execute();

  // One row per event a consumer group has applied, written in the same
  // transaction as the effect: a second delivery finds it and changes nothing.
  await db.schema
    .createTable("processed_events")
    .addColumn("consumer_group", "text", (column) => column.notNull())
    .addColumn("event_id", REFERENCE, (column) => column.notNull())
    .addColumn("processed_at", TIMESTAMP, (column) => column.notNull())
    .addPrimaryKeyConstraint("processed_events_pkey", ["consumer_group", "event_id"])
    .execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", ID, identity)
    .addColumn("order_id", REFERENCE, (column) => column.notNull().references("orders.id"))
    // One notification per outcome event, whatever the deliveries.
    .addColumn("event_id", REFERENCE, (column) => column.notNull().unique().references("events.id"))
    .addColumn("channel", "text", (column) => column.notNull())
    .addColumn("recipient", "text", (column) => column.notNull())
    .addColumn("subject", "text", (column) => column.notNull())
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex("notifications_order_id")
    .on("notifications")
    .columns(["order_id", "id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["notifications", "processed_events", "events", "inventory", "orders"]) {
    await db.schema.dropTable(table).execute();
  }
}
