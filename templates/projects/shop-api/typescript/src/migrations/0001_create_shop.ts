import { type Kysely, sql } from "kysely";
import { ID, identity, REFERENCE, TIMESTAMP } from "../db/columns.js";

// Amounts that can grow past 2^31 (a total of many lines) are 64-bit; SQLite
// stores every integer in up to 64 bits whatever the declared type.
const MONEY = "bigint";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", ID, identity)
    .addColumn("name", "varchar(100)", (column) => column.notNull())
    .addColumn("email", "varchar(320)", (column) => column.notNull().unique())
    .addColumn("password_hash", "text", (column) => column.notNull())
    .addColumn("role", "varchar(16)", (column) => column.notNull())
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addCheckConstraint("users_role", sql`role in ('customer', 'admin')`)
    .execute();

  await db.schema
    .createTable("products")
    .addColumn("id", ID, identity)
    .addColumn("sku", "varchar(64)", (column) => column.notNull())
    .addColumn("name", "varchar(200)", (column) => column.notNull())
    .addColumn("description", "text", (column) => column.notNull().defaultTo(""))
    // Name and description lower-cased by the app (every Unicode letter, as
    // JavaScript's toLowerCase does), for `?q=`: SQLite's lower() folds ASCII only.
    .addColumn("name_folded", "text", (column) => column.notNull())
    .addColumn("description_folded", "text", (column) => column.notNull().defaultTo(""))
    .addColumn("price_cents", "integer", (column) => column.notNull())
    .addColumn("stock", "integer", (column) => column.notNull())
    .addColumn("active", "boolean", (column) => column.notNull().defaultTo(sql`true`))
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addColumn("updated_at", TIMESTAMP, (column) => column.notNull())
    .addCheckConstraint("products_price_cents", sql`price_cents > 0`)
    // The last line of defence against overselling: no update may take stock below zero.
    .addCheckConstraint("products_stock", sql`stock >= 0`)
    .execute();
  // SKUs are ASCII ([A-Za-z0-9_-]), so lower() is the same on both databases.
  await sql`create unique index products_sku_key on products (lower(sku))`.execute(db);
  await db.schema
    .createIndex("products_active_created_at")
    .on("products")
    .columns(["active", "created_at", "id"])
    .execute();

  await db.schema
    .createTable("cart_items")
    .addColumn("user_id", REFERENCE, (column) =>
      column.notNull().references("users.id").onDelete("cascade"),
    )
    .addColumn("product_id", REFERENCE, (column) =>
      column.notNull().references("products.id").onDelete("cascade"),
    )
    .addColumn("quantity", "integer", (column) => column.notNull())
    .addColumn("added_at", TIMESTAMP, (column) => column.notNull())
    .addPrimaryKeyConstraint("cart_items_pkey", ["user_id", "product_id"])
    .addCheckConstraint("cart_items_quantity", sql`quantity between 1 and 99`)
    .execute();

  await db.schema
    .createTable("orders")
    .addColumn("id", ID, identity)
    .addColumn("user_id", REFERENCE, (column) =>
      column.notNull().references("users.id").onDelete("cascade"),
    )
    .addColumn("status", "varchar(16)", (column) => column.notNull())
    .addColumn("total_cents", MONEY, (column) => column.notNull())
    .addColumn("currency", "varchar(3)", (column) => column.notNull())
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addColumn("updated_at", TIMESTAMP, (column) => column.notNull())
    .addCheckConstraint("orders_status", sql`status in ('pending_payment', 'paid', 'cancelled')`)
    .execute();
  // A customer's orders, newest first.
  await db.schema
    .createIndex("orders_user_id_created_at")
    .on("orders")
    .columns(["user_id", "created_at", "id"])
    .execute();

  await db.schema
    .createTable("order_items")
    .addColumn("order_id", REFERENCE, (column) =>
      column.notNull().references("orders.id").onDelete("cascade"),
    )
    .addColumn("position", "integer", (column) => column.notNull())
    .addColumn("product_id", REFERENCE, (column) => column.notNull().references("products.id"))
    .addColumn("sku", "varchar(64)", (column) => column.notNull())
    .addColumn("name", "varchar(200)", (column) => column.notNull())
    .addColumn("unit_price_cents", "integer", (column) => column.notNull())
    .addColumn("quantity", "integer", (column) => column.notNull())
    .addPrimaryKeyConstraint("order_items_pkey", ["order_id", "position"])
    .execute();

  await db.schema
    .createTable("payments")
    .addColumn("id", ID, identity)
    .addColumn("order_id", REFERENCE, (column) =>
      column.notNull().references("orders.id").onDelete("cascade"),
    )
    .addColumn("status", "varchar(16)", (column) => column.notNull())
    .addColumn("amount_cents", MONEY, (column) => column.notNull())
    .addColumn("currency", "varchar(3)", (column) => column.notNull())
    .addColumn("brand", "varchar(16)", (column) => column.notNull())
    .addColumn("last4", "varchar(4)", (column) => column.notNull())
    .addColumn("decline_code", "varchar(32)")
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addColumn("updated_at", TIMESTAMP, (column) => column.notNull())
    .addCheckConstraint("payments_status", sql`status in ('pending', 'succeeded', 'declined')`)
    .execute();
  // One live payment per order, by a constraint rather than a check in code:
  // a second pending or succeeded payment of the order cannot be written.
  await sql`create unique index payments_one_live on payments (order_id) where status in ('pending', 'succeeded')`.execute(
    db,
  );
  await db.schema
    .createIndex("payments_order_id_created_at")
    .on("payments")
    .columns(["order_id", "created_at", "id"])
    .execute();

  await db.schema
    .createTable("idempotency_keys")
    .addColumn("user_id", REFERENCE, (column) =>
      column.notNull().references("users.id").onDelete("cascade"),
    )
    .addColumn("scope", "varchar(100)", (column) => column.notNull())
    .addColumn("key", "varchar(255)", (column) => column.notNull())
    .addColumn("fingerprint", "varchar(64)", (column) => column.notNull())
    .addColumn("resource_id", REFERENCE)
    .addColumn("created_at", TIMESTAMP, (column) => column.notNull())
    .addUniqueConstraint("idempotency_keys_user_scope_key", ["user_id", "scope", "key"])
    .execute();
  await db.schema
    .createIndex("idempotency_keys_created_at")
    .on("idempotency_keys")
    .column("created_at")
    .execute();

  await db.schema
    .createTable("webhook_events")
    .addColumn("id", "varchar(255)", (column) => column.primaryKey())
    .addColumn("type", "varchar(64)", (column) => column.notNull())
    .addColumn("payment_id", REFERENCE, (column) =>
      column.notNull().references("payments.id").onDelete("cascade"),
    )
    .addColumn("received_at", TIMESTAMP, (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "webhook_events",
    "idempotency_keys",
    "payments",
    "order_items",
    "orders",
    "cart_items",
    "products",
    "users",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
