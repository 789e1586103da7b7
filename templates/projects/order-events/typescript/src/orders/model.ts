/** The statuses of an order: placed, then confirmed or rejected, once. */
export const STATUSES = ["placed", "confirmed", "rejected"] as const;

/** The event types on the stream. */
export const ORDER_PLACED = "order.placed";
export const ORDER_CONFIRMED = "order.confirmed";
export const ORDER_REJECTED = "order.rejected";

/** The stream every event is published to, and its consumer groups. */
export const STREAM = "orders";
export const INVENTORY_GROUP = "inventory";
export const NOTIFICATIONS_GROUP = "notifications";
export const GROUPS = [INVENTORY_GROUP, NOTIFICATIONS_GROUP] as const;

export interface Item {
  sku: string;
  quantity: number;
}

export interface Order {
  id: number;
  customerEmail: string;
  items: Item[];
  status: (typeof STATUSES)[number];
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Event {
  id: number;
  type: string;
  orderId: number;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface Notification {
  id: number;
  orderId: number;
  eventId: number;
  channel: "email";
  to: string;
  subject: string;
  createdAt: string;
}

/** An entry that is not an event: it can never be handled, however often it is delivered. */
export class MalformedEvent extends Error {
  override name = "MalformedEvent";
}

/** An event about an order this database does not have: a retry will not fix it. */
export class UnknownOrder extends Error {
  override name = "UnknownOrder";
}

/**
 * The event as a stream entry: `id`, `type`, `orderId`, `occurredAt` and
 * `data` as JSON text, the same names as in the API.
 */
export function eventFields(event: Event): Record<string, string> {
  return {
    id: String(event.id),
    type: event.type,
    orderId: String(event.orderId),
    occurredAt: event.occurredAt,
    data: JSON.stringify(event.data),
  };
}

function positive(fields: Record<string, string>, name: string): number {
  const text = fields[name] ?? "";
  if (!/^[1-9][0-9]{0,15}$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new MalformedEvent(`${name} ${JSON.stringify(text)} is not a positive integer`);
  }
  return Number(text);
}

/** Reads a stream entry back into an event. */
export function parseEvent(fields: Record<string, string>): Event {
  const id = positive(fields, "id");
  const orderId = positive(fields, "orderId");
  const occurredAt = fields.occurredAt ?? "";
  if (Number.isNaN(Date.parse(occurredAt))) {
    throw new MalformedEvent(`occurredAt ${JSON.stringify(occurredAt)} is not a timestamp`);
  }
  let data: unknown;
  try {
    data = JSON.parse(fields.data ?? "");
  } catch {
    data = undefined;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new MalformedEvent("data is not a JSON object");
  }
  return {
    id,
    type: fields.type ?? "",
    orderId,
    occurredAt,
    data: data as Record<string, unknown>,
  };
}
