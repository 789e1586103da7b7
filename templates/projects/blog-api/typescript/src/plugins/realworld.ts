/**
 * RealWorld's dialect at the edge of the API.
 *
 * RealWorld front ends show `{"errors": {"<field>": ["<message>"]}}` for any
 * failed request, whatever its status, and expect 422 for invalid input. The
 * shared plumbing (http/problems.ts) answers RFC 9457 problem details, as
 * every other folio service does; the `onSend` hook here translates them on
 * the way out, so the router's own 404s and 405s, the rate limiter's 429 and
 * the 503 of a database that is down speak RealWorld too. The same plugin
 * answers CORS: a front end on another origin may call the API and read every
 * answer, its 401s included.
 */

import { STATUS_CODES } from "node:http";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { type TSchema, Type } from "typebox";
import { HttpProblem, PROBLEM_MEDIA_TYPE } from "../http/problems.js";

/** The field a failure names when no request field is at fault. */
export const BODY_FIELD = "body";
/** RealWorld's own words for a missing or empty field. */
export const BLANK = "can't be blank";

export const ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
export const ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-Id";
export const EXPOSED_HEADERS = "Retry-After, X-Request-Id";

export type Errors = Record<string, string[]>;

/** A failure naming the request fields at fault: 422, or 409 for a taken name. */
export function fieldsError(status: number, errors: Record<string, string>): HttpProblem {
  const detail = status === 409 ? "already taken" : "the request is invalid";
  return new HttpProblem(
    status,
    detail,
    Object.entries(errors).map(([field, message]) => ({ field, message })),
  );
}

export const unprocessable = (field: string, message: string) =>
  fieldsError(422, { [field]: message });

/** 401 with RealWorld's scheme in `WWW-Authenticate`. */
export const unauthorized = (detail: string) =>
  new HttpProblem(401, detail, undefined, { "WWW-Authenticate": "Token" });

/**
 * The shared field names are paths ("user.email", "article.tagList.3"): a
 * RealWorld client knows the field of the wrapped object ("email",
 * "tagList"), or the wrapper itself when it is broken ("user").
 */
function realWorldField(path: string): string {
  const parts = path.split(".");
  return parts.length > 1 ? (parts[1] as string) : parts[0] || BODY_FIELD;
}

function realWorldMessage(message: string): string {
  return message === "is required" || message === "must not be empty" ? BLANK : message;
}

interface Problem {
  detail?: unknown;
  errors?: { field?: unknown; message?: unknown }[];
}

/** A problem details body as RealWorld's error body, keeping what it says. */
export function translateProblem(status: number, body: string): Errors {
  let problem: Problem = {};
  try {
    problem = JSON.parse(body) as Problem;
  } catch {
    // Not JSON after all: the status says what happened.
  }
  const errors: Errors = {};
  for (const item of Array.isArray(problem.errors) ? problem.errors : []) {
    const field = realWorldField(String(item.field ?? BODY_FIELD));
    const message = realWorldMessage(String(item.message ?? "is invalid"));
    const messages = errors[field] ?? [];
    if (!messages.includes(message)) {
      messages.push(message);
    }
    errors[field] = messages;
  }
  for (const [field, messages] of Object.entries(errors)) {
    // A blank field breaks its pattern too; RealWorld says only that it is blank.
    if (messages.includes(BLANK)) {
      errors[field] = [BLANK];
    }
  }
  if (Object.keys(errors).length === 0) {
    const detail = problem.detail ?? STATUS_CODES[status]?.toLowerCase() ?? "error";
    errors[BODY_FIELD] = [String(detail)];
  }
  return errors;
}

async function preflight(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.method === "OPTIONS" && request.headers["access-control-request-method"]) {
    await reply
      .code(204)
      .headers({
        "access-control-allow-origin": "*",
        "access-control-allow-methods": ALLOWED_METHODS,
        "access-control-allow-headers": ALLOWED_HEADERS,
        "access-control-max-age": "86400",
      })
      .send();
  }
}

async function translate(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  reply.header("access-control-allow-origin", "*");
  reply.header("access-control-expose-headers", EXPOSED_HEADERS);
  const type = String(reply.getHeader("content-type") ?? "");
  if (!type.startsWith(PROBLEM_MEDIA_TYPE)) {
    return payload;
  }
  // The shared 400 for bad input is RealWorld's 422.
  if (reply.statusCode === 400) {
    reply.code(422);
  }
  reply.type("application/json");
  return JSON.stringify({ errors: translateProblem(reply.statusCode, String(payload)) });
}

/**
 * The router's own refusals (Fastify's `frameworkErrors`: a path parameter
 * over 100 characters, a broken %-escape): such a path names nothing. They
 * are answered before any hook runs, so this says it in RealWorld's words itself.
 */
export function notRoutedInRealWorld(
  _error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  return reply
    .code(404)
    .headers({
      "x-request-id": request.id,
      "access-control-allow-origin": "*",
      "access-control-expose-headers": EXPOSED_HEADERS,
    })
    .type("application/json")
    .send(
      JSON.stringify({ errors: { [BODY_FIELD]: [`${request.url.split("?")[0]} does not exist`] } }),
    );
}

/**
 * CORS on every answer, and problem details rewritten as RealWorld's errors.
 *
 * The token travels in the Authorization header, never in a cookie, so any
 * origin may call the API without credentials: `*` cannot ride on a
 * visitor's session. A preflight is answered before routing goes further.
 */
export const realWorldEdge = fp(
  async (app: FastifyInstance) => {
    app.addHook("onRequest", preflight);
    app.addHook("onSend", translate);
  },
  { name: "realworld" },
);

// ---- OpenAPI -----------------------------------------------------------------

export const ErrorsSchema = Type.Object(
  {
    errors: Type.Record(Type.String(), Type.Array(Type.String(), { minItems: 1 }), {
      minProperties: 1,
    }),
  },
  { description: "Each field at fault (else `body`) and what is wrong with it." },
);

const DESCRIPTIONS: Record<number, string> = {
  401: "Missing, malformed, expired or wrongly signed token.",
  403: "The caller's role does not allow it.",
  404: "No such resource.",
  409: "Taken, or would leave the blog without an admin.",
  422: "The request is invalid; `errors` names each field.",
  429: "Too many attempts from this address; retry after `Retry-After` seconds.",
  503: "The database is unavailable; retry after `Retry-After` seconds.",
};

const RETRY_AFTER = {
  "Retry-After": {
    description: "seconds to wait",
    schema: { type: "integer", minimum: 1 },
  },
};

/** The `response` entries of a route's failure codes; every route may also answer 503. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(
    [...statuses, 503].map((status) => [
      status,
      {
        description: DESCRIPTIONS[status] ?? STATUS_CODES[status] ?? "Error",
        ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
        content: { "application/json": { schema: ErrorsSchema } },
      } as unknown as TSchema,
    ]),
  );
}
