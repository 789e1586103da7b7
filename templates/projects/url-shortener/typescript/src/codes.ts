/**
 * Short codes: how random ones are drawn, and which codes no link may have.
 *
 * Random codes come from node:crypto, so nobody can predict the next one
 * from the last or walk through links in order. Whether a code is free is
 * decided by the database, not by a lookup beforehand: the unique index on
 * `short_code` refuses a taken one, even when two requests race for it, and
 * the store retries with a fresh code one character longer.
 */

import { randomInt } from "node:crypto";

export const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// Six characters already give 62**6, about 57 billion codes, so a collision is
// rare; each retry draws a longer code, where collisions are rarer still.
export const RANDOM_CODE_LENGTHS = [6, 7, 8, 9, 10] as const;

/** Every code a link can have, drawn or chosen as an alias. */
export const CODE_PATTERN = "^[A-Za-z0-9_-]{3,32}$";

/**
 * The first path segment of every other route. Short links live at the root,
 * so a code equal to one of these would hide that route or be hidden by it.
 * `docs` and `redoc` are kept free for a documentation UI, as in the other
 * stacks, so that adding one later breaks no link. A test compares this list
 * with the app's routes, so a new route cannot be forgotten.
 */
export const RESERVED_WORDS: readonly string[] = [
  "docs",
  "healthz",
  "metrics",
  "openapi.json",
  "readyz",
  "redoc",
  "shorten",
];

/** Draws a code of `length` characters; the store takes another one for its tests. */
export type DrawCode = (length: number) => string;

/** A code of `length` random letters and digits that no route claims. */
export function randomCode(length: number, pick: (size: number) => number = randomInt): string {
  for (;;) {
    let code = "";
    for (let i = 0; i < length; i += 1) {
      // randomInt draws without modulo bias, so every character is equally likely.
      code += ALPHABET[pick(ALPHABET.length)];
    }
    if (!RESERVED_WORDS.includes(code)) {
      return code;
    }
  }
}
