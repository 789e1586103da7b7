/**
 * Request and response bodies. Bodies are checked strictly (see
 * http/validation.ts); JSON field names are camelCase.
 */

import { Type } from "typebox";
import { Id, MAX_ID, Timestamp } from "./http/fields.js";
import { Page, PaginationQuery } from "./http/pagination.js";

/** The rules of an order's input (CONTRACTS.md, order-events). */
export const MAX_ITEMS = 50;
export const MAX_QUANTITY = 1000;
export const SKU_PATTERN = "^[A-Za-z0-9_-]{1,64}$";
export const SKU_RULE = "must be 1 to 64 of A-Z, a-z, 0-9, _ and -";

const Sku = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: SKU_PATTERN,
  "x-message": SKU_RULE,
});

const Status = Type.Union([
  Type.Literal("placed"),
  Type.Literal("confirmed"),
  Type.Literal("rejected"),
]);

export const Item = Type.Object({
  sku: Sku,
  quantity: Type.Integer({ minimum: 1, maximum: MAX_QUANTITY }),
});

export const PlaceOrder = Type.Object({
  customerEmail: Type.String({ format: "email", maxLength: 254 }),
  items: Type.Array(Item, { minItems: 1, maxItems: MAX_ITEMS }),
});

export const Order = Type.Object({
  id: Id,
  customerEmail: Type.String(),
  items: Type.Array(Item),
  status: Status,
  reason: Type.Union([Type.String(), Type.Null()], {
    description: "Why a rejected order was rejected",
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const OrderParams = Type.Object({ id: Id });

export const ListOrdersQuery = Type.Object({
  status: Type.Optional(Status),
  ...PaginationQuery,
});

export const OrderPage = Page(Order);

export const Event = Type.Object({
  id: Id,
  type: Type.String(),
  orderId: Id,
  occurredAt: Timestamp,
  data: Type.Object({}, { additionalProperties: true }),
});

export const EventList = Type.Object({ data: Type.Array(Event) });

/** A malformed sku is a 400 naming `sku` (the routes attach the validation, see routes/inventory.ts). */
export const SkuParams = Type.Object({ sku: Sku });

export const SetStock = Type.Object({
  available: Type.Integer({ minimum: 0, maximum: MAX_ID }),
});

export const Stock = Type.Object({
  sku: Type.String(),
  available: Type.Integer({ minimum: 0 }),
});

export const NotificationsQuery = Type.Object({
  orderId: Type.Integer({ minimum: 1, maximum: MAX_ID }),
});

export const Notification = Type.Object({
  id: Id,
  orderId: Id,
  eventId: Id,
  channel: Type.Literal("email"),
  to: Type.String(),
  subject: Type.String(),
  createdAt: Timestamp,
});

export const NotificationList = Type.Object({ data: Type.Array(Notification) });

const GroupStats = Type.Object({
  pending: Type.Integer({ minimum: 0 }),
  lag: Type.Integer({ minimum: 0 }),
  deadLettered: Type.Integer({ minimum: 0 }),
});

export const PipelineStats = Type.Object({
  outboxPending: Type.Integer({ minimum: 0 }),
  streams: Type.Record(
    Type.String(),
    Type.Object({
      length: Type.Integer({ minimum: 0 }),
      groups: Type.Record(Type.String(), GroupStats),
    }),
  ),
});
