/**
 * Request and response bodies. Bodies are checked strictly (see
 * http/validation.ts); JSON field names are camelCase; money is integer
 * minor units everywhere.
 */

import { type Static, Type } from "typebox";
import { Id, MAX_ID, Text, Timestamp } from "./http/fields.js";
import { Page, PaginationQuery } from "./http/pagination.js";

// Deliberately loose: one @, no spaces or control characters, a dot in the
// domain. Real validation is a confirmation mail; this only catches typos.
export const EMAIL_PATTERN =
  "^[^@ \\u0000-\\u001f\\u007f]+@[^@ \\u0000-\\u001f\\u007f]+\\.[^@ \\u0000-\\u001f\\u007f]+$";
export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 128;

const Email = Type.String({
  maxLength: 254,
  pattern: EMAIL_PATTERN,
  "x-message": "must be an email address",
});

export const Register = Type.Object({
  email: Email,
  password: Text({ minLength: MIN_PASSWORD, maxLength: MAX_PASSWORD }),
  name: Text({ minLength: 1, maxLength: 100 }),
});
export type Register = Static<typeof Register>;

export const Login = Type.Object({
  email: Email,
  password: Text({ minLength: 1, maxLength: MAX_PASSWORD }),
});
export type Login = Static<typeof Login>;

export const TokenResponse = Type.Object({ token: Type.String() });

/** Lists default to 20 a page here (the shop's lists are browsed, not exported). */
const ShopPageQuery = {
  ...PaginationQuery,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};

// ---- products ----------------------------------------------------------------

const Sku = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: "^[A-Za-z0-9_-]+$",
  "x-message": "must be letters, digits, _ and - only",
});
const PriceCents = Type.Integer({ minimum: 1, maximum: 100_000_000 });
const Stock = Type.Integer({ minimum: 0, maximum: 1_000_000 });

export const Product = Type.Object({
  id: Type.Integer(),
  sku: Type.String(),
  name: Type.String(),
  description: Type.String(),
  priceCents: Type.Integer(),
  stock: Type.Integer(),
  active: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Product = Static<typeof Product>;

export const CreateProduct = Type.Object({
  sku: Sku,
  name: Text({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Text({ maxLength: 5000 })),
  priceCents: PriceCents,
  stock: Stock,
});
export type CreateProduct = Static<typeof CreateProduct>;

/** A field left out keeps its value; an empty body changes nothing and is a 400. */
export const UpdateProduct = Type.Object(
  {
    name: Type.Optional(Text({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Text({ maxLength: 5000 })),
    priceCents: Type.Optional(PriceCents),
    stock: Type.Optional(Stock),
    active: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
);
export type UpdateProduct = Static<typeof UpdateProduct>;

export const PRODUCT_SORTS = [
  "createdAt",
  "-createdAt",
  "name",
  "-name",
  "priceCents",
  "-priceCents",
] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export const ProductQuery = Type.Object({
  ...ShopPageQuery,
  q: Type.Optional(Text({ maxLength: 200 })),
  sort: Type.Optional(
    Type.Union(
      PRODUCT_SORTS.map((sort) => Type.Literal(sort)),
      { default: "createdAt" },
    ),
  ),
});
export type ProductQuery = Static<typeof ProductQuery>;

export const ProductPage = Page(Product);
export const ProductParams = Type.Object({ id: Id });

// ---- cart and orders ------------------------------------------------------------

export const Line = Type.Object({
  productId: Type.Integer(),
  sku: Type.String(),
  name: Type.String(),
  unitPriceCents: Type.Integer(),
  quantity: Type.Integer(),
  lineTotalCents: Type.Integer(),
});
export type Line = Static<typeof Line>;

export const Cart = Type.Object({
  items: Type.Array(Line),
  totalCents: Type.Integer(),
  currency: Type.String(),
});
export type Cart = Static<typeof Cart>;

export const SetQuantity = Type.Object({
  quantity: Type.Integer({ minimum: 0, maximum: 99 }),
});
export const CartItemParams = Type.Object({ productId: Id });

export const ORDER_STATUSES = ["pending_payment", "paid", "cancelled"] as const;

export const Order = Type.Object({
  id: Type.Integer(),
  status: Type.Enum([...ORDER_STATUSES]),
  items: Type.Array(Line),
  totalCents: Type.Integer(),
  currency: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Order = Static<typeof Order>;

export const OrderPage = Page(Order);
export const OrderQuery = Type.Object(ShopPageQuery);
export const OrderParams = Type.Object({ id: Id });

/** Checkout takes no fields: the cart is the order. Any JSON object is accepted (and fingerprinted). */
export const CheckoutBody = Type.Optional(
  Type.Object({}, { description: "Empty, or any JSON object: the cart is the order." }),
);

/** Routes that take an `Idempotency-Key` document it here and check it in the handler. */
export const IdempotencyHeaders = Type.Object({
  "idempotency-key": Type.String({
    minLength: 1,
    maxLength: 255,
    description: "1–255 characters; the same key and body again answer the first result.",
  }),
});

// ---- payments ------------------------------------------------------------------

export const PaymentRequest = Type.Object({
  card: Type.Object({
    number: Type.String({
      pattern: "^[0-9]{12,19}$",
      "x-message": "must be 12 to 19 digits",
    }),
    expMonth: Type.Integer({ minimum: 1, maximum: 12 }),
    expYear: Type.Integer({ minimum: 2000, maximum: 9999 }),
    cvc: Type.String({ pattern: "^[0-9]{3,4}$", "x-message": "must be 3 or 4 digits" }),
  }),
});
export type PaymentRequest = Static<typeof PaymentRequest>;

export const PAYMENT_STATUSES = ["pending", "succeeded", "declined"] as const;

export const Payment = Type.Object({
  id: Type.Integer(),
  orderId: Type.Integer(),
  status: Type.Enum([...PAYMENT_STATUSES]),
  amountCents: Type.Integer(),
  currency: Type.String(),
  card: Type.Object({ brand: Type.String(), last4: Type.String() }),
  declineCode: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Payment = Static<typeof Payment>;

export const PaymentList = Type.Object({ data: Type.Array(Payment) });

// ---- webhooks ------------------------------------------------------------------

export const EVENT_TYPES = ["payment.succeeded", "payment.failed"] as const;

export const WebhookEvent = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255 }),
  type: Type.Enum([...EVENT_TYPES]),
  data: Type.Object({ paymentId: Type.Integer({ minimum: 1, maximum: MAX_ID }) }),
});
export type WebhookEvent = Static<typeof WebhookEvent>;

export const WebhookHeaders = Type.Object({
  "webhook-signature": Type.String({
    description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">',
  }),
});

export const Received = Type.Object({ received: Type.Literal(true) });
