/**
 * Input validation. A JSON body is checked strictly: `"5"` is not an integer
 * and `"yes"` is not a boolean, so a client bug is a 400, never quietly wrong
 * data. Query strings and path parameters are text by nature, so there a
 * plain `2` is read as an integer and `true`/`false` as a boolean, and
 * nothing else: `1.0`, `1e3` or `yes` stays text and fails its schema.
 */

import { Ajv, type Options } from "ajv";
import addFormats from "ajv-formats";
import type { FastifyRequest, FastifySchemaCompiler } from "fastify";
import { badRequest } from "./problems.js";

// `verbose` keeps each failing schema in the error, for its `x-message`.
function validator(options: Options = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: false,
    useDefaults: true,
    ...options,
  });
  addFormats.default(ajv, ["email", "date-time", "uri", "uuid"]);
  return ajv;
}

const ajv = validator({ coerceTypes: false });

interface ObjectSchema {
  properties?: Record<string, { type?: unknown }>;
}

/** Turns the plain spellings of integers and booleans into values, in place. */
function parseText(schema: ObjectSchema, data: unknown): void {
  if (data === null || typeof data !== "object" || !schema.properties) {
    return;
  }
  const values = data as Record<string, unknown>;
  for (const [key, property] of Object.entries(schema.properties)) {
    const value = values[key];
    if (typeof value !== "string") {
      continue;
    }
    if (property.type === "integer" && /^-?[0-9]{1,16}$/.test(value)) {
      values[key] = Number(value);
    } else if (property.type === "boolean" && (value === "true" || value === "false")) {
      values[key] = value === "true";
    }
  }
}

export const compileValidator: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const validate = ajv.compile(schema as object);
  if (httpPart !== "querystring" && httpPart !== "params") {
    return validate;
  }
  const parsing = (data: unknown) => {
    parseText(schema as ObjectSchema, data);
    const valid = validate(data);
    parsing.errors = validate.errors;
    return valid;
  };
  parsing.errors = validate.errors;
  return parsing;
};

// A JSON escape such as "\ud800" decodes to half of a UTF-16 pair, which no
// database can store (PostgreSQL and SQLite take UTF-8).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string holding a lone surrogate; iterative, so no nesting overflows the stack. */
function findLoneSurrogate(body: unknown): string[] | undefined {
  const pending: [unknown, string[]][] = [[body, []]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, path] = next;
    if (typeof value === "string") {
      if (LONE_SURROGATE.test(value)) {
        return path;
      }
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value).reverse()) {
        pending.push([item, [...path, key]]);
      }
    }
  }
  return undefined;
}

/** A `preValidation` hook: text that cannot be stored is a 400 naming its field. */
export async function refuseLoneSurrogates(request: FastifyRequest): Promise<void> {
  const path = findLoneSurrogate(request.body);
  if (path) {
    throw badRequest(path.join(".") || "body", "must not contain lone surrogates");
  }
}
