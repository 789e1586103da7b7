/**
 * Request and response bodies. Bodies are checked strictly (see
 * http/validation.ts); JSON field names are camelCase.
 */

import { type Static, Type } from "typebox";
import { Text, Timestamp } from "./http/fields.js";
import { Page, PaginationQuery } from "./http/pagination.js";
import { MAX_JSON_BYTES } from "./jobs/json.js";
import { RFC3339_PATTERN } from "./jobs/run-at.js";
import { STATES } from "./jobs/states.js";
import { MAX_NAME_LENGTH, NAME_PATTERN, QUEUE_PATTERN, QUEUE_RULE } from "./names.js";

const NAME_RULE = "must be 1 to 64 characters of A-Z, a-z, 0-9, _, . and -";

export const QueueParams = Type.Object({
  queue: Type.String({
    minLength: 1,
    maxLength: MAX_NAME_LENGTH,
    pattern: QUEUE_PATTERN,
    description: QUEUE_RULE,
    "x-message": `must be ${QUEUE_RULE}`,
  }),
});

/** A job id: a UUID in any case; anything else names no job (404). */
export const JobParams = Type.Object({
  id: Type.String({
    format: "uuid",
    pattern: "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$",
  }),
});

export const IdempotencyHeaders = Type.Object({
  "idempotency-key": Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: "^[!-~]+$",
      description: "Makes retrying this request safe: a unique value per job, e.g. a UUID",
      "x-message": "must be printable ASCII without spaces",
    }),
  ),
});

const LeaseSeconds = Type.Integer({ minimum: 1, maximum: 3600, default: 30 });
const LeaseToken = Text({ minLength: 1, maxLength: 200 });

export const CreateJob = Type.Object({
  type: Type.String({
    minLength: 1,
    maxLength: MAX_NAME_LENGTH,
    pattern: NAME_PATTERN,
    "x-message": NAME_RULE,
  }),
  payload: Type.Object(
    {},
    {
      additionalProperties: true,
      description: `Any JSON object, at most ${MAX_JSON_BYTES} bytes as JSON`,
    },
  ),
  priority: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000, default: 0 })),
  runAt: Type.Optional(
    Type.String({
      format: "date-time",
      pattern: RFC3339_PATTERN,
      "x-message": "must be an RFC 3339 timestamp, e.g. 2026-11-21T14:03:07.123Z",
    }),
  ),
  maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 5 })),
});
export type CreateJob = Static<typeof CreateJob>;

export const LeaseRequest = Type.Object({
  workerId: Text({ minLength: 1, maxLength: 200 }),
  leaseSeconds: Type.Optional(LeaseSeconds),
  max: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 1 })),
});

export const Heartbeat = Type.Object({
  leaseToken: LeaseToken,
  leaseSeconds: Type.Optional(LeaseSeconds),
});

export const Ack = Type.Object({
  leaseToken: LeaseToken,
  result: Type.Optional(
    Type.Unknown({ description: `Any JSON value, at most ${MAX_JSON_BYTES} bytes as JSON` }),
  ),
});

export const Nack = Type.Object({
  leaseToken: LeaseToken,
  error: Text({ minLength: 1, maxLength: 10_000 }),
});

const jobFields = {
  id: Type.String({ format: "uuid" }),
  queue: Type.String(),
  type: Type.String(),
  payload: Type.Object({}, { additionalProperties: true }),
  state: Type.Enum([...STATES]),
  priority: Type.Integer(),
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  runAt: Timestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  lastError: Type.Union([Type.String(), Type.Null()]),
  result: Type.Unknown(),
  leaseExpiresAt: Type.Union([Timestamp, Type.Null()]),
};

export const Job = Type.Object(jobFields);
export type Job = Static<typeof Job>;

export const LeasedJob = Type.Object({ ...jobFields, leaseToken: Type.String() });
export type LeasedJob = Static<typeof LeasedJob>;

export const Leases = Type.Object({ jobs: Type.Array(LeasedJob) });

export const QueueStats = Type.Object({
  available: Type.Integer(),
  scheduled: Type.Integer(),
  running: Type.Integer(),
  completed: Type.Integer(),
  dead: Type.Integer(),
  cancelled: Type.Integer(),
});

export const ListQuery = Type.Object({
  ...PaginationQuery,
  state: Type.Optional(Type.Enum([...STATES])),
});

export const JobPage = Page(Job);
