/**
 * Two JSON Schema validators. A JSON body is checked strictly: `"5"` is not an
 * integer and `"yes"` is not a boolean, so a client bug is a 400, never quietly
 * wrong data. Query strings and path parameters are text by nature, so only
 * there are `?page=2` and `?completed=true` read as a number and a boolean.
 */

import { Ajv, type Options } from "ajv";
import addFormats from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

// `verbose` keeps each failing schema in the error, for its `x-message`.
function validator(options: Options): Ajv {
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

const forBodies = validator({ coerceTypes: false });
const forText = validator({ coerceTypes: "array" });

export const compileValidator: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === "body" ? forBodies : forText).compile(schema as object);
