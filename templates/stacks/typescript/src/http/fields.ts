/**
 * Schemas for the fields that every project needs.
 *
 * Every text a client sends may end up in the database. PostgreSQL cannot
 * store NUL characters, and no database stores the lone UTF-16 surrogates a
 * JSON escape such as "\ud800" can spell, so both are refused at the door on
 * every backend alike: NUL by the schema (so clients and fuzzers see it), lone
 * surrogates by a hook (validation.ts). `x-message` is the message a client
 * sees when a pattern does not match (problems.ts reads it).
 */

import { Type } from "typebox";

const STORABLE = "^[^\\x00]*$";

export function Text(options: { minLength?: number; maxLength: number; description?: string }) {
  return Type.String({
    ...options,
    pattern: STORABLE,
    "x-message": "must not contain NUL characters",
  });
}

/**
 * Ids are 64-bit in the database, and the API takes 1 to 2^53 − 1: every one
 * a JSON number represents exactly, in every client. Any other path id is a 404.
 */
export const MAX_ID = Number.MAX_SAFE_INTEGER;
export const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });

/** RFC 3339 in UTC with milliseconds, as every timestamp on the wire. */
export const Timestamp = Type.String({ format: "date-time" });
