/**
 * Errors as RFC 9457 problem details (`application/problem+json`).
 *
 * Every error leaves through one handler, so clients see one shape: invalid
 * input of any kind is a 400 with an `errors` array naming each field, a path
 * id that cannot exist is a 404, and anything unexpected is a bare 500 that
 * leaks nothing (the log has the stack trace).
 */

import { STATUS_CODES } from "node:http";
import type { ErrorObject } from "ajv";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type TSchema, Type } from "typebox";
import { isDatabaseUnavailable } from "../db/errors.js";

export const PROBLEM_MEDIA_TYPE = "application/problem+json";

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemBody {
  type: "about:blank";
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

/** An error that a route throws on purpose; the handler turns it into its problem response. */
export class HttpProblem extends Error {
  override name = "HttpProblem";

  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export const badRequest = (field: string, message: string) =>
  new HttpProblem(400, "the request is invalid", [{ field, message }]);
export const unauthorized = (detail: string) =>
  new HttpProblem(401, detail, undefined, { "WWW-Authenticate": "Bearer" });
export const forbidden = (detail: string) => new HttpProblem(403, detail);
export const notFound = (detail: string) => new HttpProblem(404, detail);
export const conflict = (detail: string) => new HttpProblem(409, detail);

export function problemBody(status: number, detail?: string, errors?: FieldError[]): ProblemBody {
  const title = STATUS_CODES[status] ?? "Error";
  return {
    type: "about:blank",
    title,
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(errors === undefined ? {} : { errors }),
  };
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  detail?: string,
  errors?: FieldError[],
): FastifyReply {
  // Serialised here, so the route's response schemas never reshape an error.
  return reply
    .code(status)
    .type(PROBLEM_MEDIA_TYPE)
    .send(JSON.stringify(problemBody(status, detail, errors)));
}

/** 503 with `Retry-After: 5`: the database is unreachable, restarting or out of connections. */
export function databaseUnavailable(reply: FastifyReply): FastifyReply {
  reply.header("Retry-After", "5");
  return sendProblem(reply, 503, "the database is unavailable");
}

/** "/payload/items/0" → "payload.items.0"; the body itself is "body". */
function fieldName(error: ErrorObject): string {
  const path = error.instancePath.split("/").slice(1);
  if (error.keyword === "required") {
    path.push(String(error.params.missingProperty));
  }
  return path.join(".") || "body";
}

function message(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return "is required";
    case "minLength":
      return params.limit === 1
        ? "must not be empty"
        : `must be at least ${params.limit} characters`;
    case "maxLength":
      return `must be at most ${params.limit} characters`;
    case "type":
      return `must be ${/^[aeiou]/.test(String(params.type)) ? "an" : "a"} ${params.type}`;
    case "pattern":
      return String(error.parentSchema?.["x-message"] ?? "has the wrong form");
    case "format":
      return params.format === "email"
        ? "must be a valid email address"
        : `must be a ${params.format}`;
    case "minimum":
      return `must be at least ${params.limit}`;
    case "maximum":
      return `must be at most ${params.limit}`;
    case "enum":
      return `must be one of ${(params.allowedValues as unknown[]).join(", ")}`;
    default:
      return error.message ?? "is invalid";
  }
}

export function fieldErrors(errors: ErrorObject[]): FieldError[] {
  const seen = new Set<string>();
  const result: FieldError[] = [];
  for (const error of errors) {
    const entry = { field: fieldName(error), message: message(error) };
    const key = `${entry.field}\u0000${entry.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      result.push(entry);
    }
  }
  return result;
}

function onError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof HttpProblem) {
    reply.headers(error.headers);
    return sendProblem(reply, error.status, error.detail, error.errors);
  }
  if (error.validation) {
    // A path segment that cannot be an id names no resource: not found, not bad input.
    if (error.validationContext === "params") {
      return sendProblem(reply, 404, `${request.url.split("?")[0]} does not exist`);
    }
    return sendProblem(
      reply,
      400,
      "the request is invalid",
      fieldErrors(error.validation as ErrorObject[]),
    );
  }
  const status = error.statusCode ?? 500;
  if (status === 400 && error.code?.startsWith("FST_ERR_CTP_")) {
    // The body could not even be parsed: it is still named, as a field.
    return sendProblem(reply, 400, "the request is invalid", [
      { field: "body", message: "must be a JSON object" },
    ]);
  }
  if (status >= 400 && status < 500) {
    return sendProblem(reply, status, error.message);
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, "database unavailable");
    return databaseUnavailable(reply);
  }
  request.log.error({ err: error }, "request failed");
  return sendProblem(reply, 500, "the server could not complete the request");
}

/** "/items/:id" → a pattern that matches "/items/7". */
function routePattern(url: string): RegExp {
  const segments = url.split("/").map((segment) => {
    if (segment.startsWith(":")) {
      return "[^/]+";
    }
    return segment === "*" ? ".*" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  });
  return new RegExp(`^${segments.join("/")}$`);
}

/**
 * Registers the error handlers; call it before adding routes. A request for
 * a path that exists with another method is a 405 whose `Allow` header lists
 * the methods the path does answer; any other unknown request is a 404.
 */
export function registerProblems(app: FastifyInstance): void {
  const routes: { pattern: RegExp; methods: string[]; fixed: boolean }[] = [];
  app.addHook("onRoute", (route) => {
    routes.push({
      pattern: routePattern(route.url),
      methods: [route.method].flat(),
      fixed: !/[:*]/.test(route.url),
    });
  });
  // No route takes QUERY (RFC 10008), and Fastify would refuse one without a
  // Content-Type before routing: declared bodiless, it gets a 405 like any method.
  app.addHttpMethod("QUERY", { hasBody: false, overrideExisting: true });
  app.setErrorHandler(onError);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const matching = routes.filter((route) => route.pattern.test(path));
    // A path that is a route of its own (`/users/me`) is not also `/users/:id`.
    const fixed = matching.filter((route) => route.fixed);
    const allowed = new Set(
      (fixed.length > 0 ? fixed : matching).flatMap((route) => route.methods),
    );
    if (allowed.size > 0) {
      reply.header("Allow", [...allowed].sort().join(", "));
      return sendProblem(reply, 405, `${request.method} is not allowed on ${path}`);
    }
    return sendProblem(reply, 404, `no route for ${request.method} ${path}`);
  });
}

/**
 * The router's own refusals (Fastify's `frameworkErrors`): such a path names
 * nothing. They are answered before any hook runs, so the request id is set here.
 */
export function notRouted(_error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.header("x-request-id", request.id);
  return sendProblem(reply, 404, `${request.url.split("?")[0]} does not exist`);
}

// ---- OpenAPI -----------------------------------------------------------------

const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});

const DESCRIPTIONS: Record<number, string> = {
  400: "The request is invalid; `errors` names each field.",
  401: "Missing, malformed, expired or wrongly signed token.",
  403: "The resource belongs to someone else.",
  404: "No such resource.",
  409: "Conflicts with the current state.",
  422: "Conflicts with an earlier request.",
  429: "Too many requests; retry after `Retry-After` seconds.",
  503: "A dependency is unavailable.",
};

/** The `response` entries of a route's failure codes, for its schema. */
export function problemResponses(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: DESCRIPTIONS[status] ?? STATUS_CODES[status] ?? "Error",
        content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } },
      } as unknown as TSchema,
    ]),
  );
}
