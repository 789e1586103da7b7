/**
 * Slugs: an article's title as lower-case ASCII words joined by `-`.
 *
 * Accents are taken off (É is e, ü is u), a few letters that do not decompose
 * are spelled out (ß is ss), and anything else separates words. The first
 * article of a title gets the plain slug; a later one gets six random
 * characters after it, and the unique constraint decides which is which.
 */

import { randomInt } from "node:crypto";

/** The longest slug made from a title, before any suffix: long enough to read, short enough for a URL. */
export const MAX_BASE = 60;

// Letters that do not decompose into an ASCII letter and a mark, written as
// their languages write them in ASCII.
const SPELLED: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  Æ: "ae",
  ø: "o",
  Ø: "o",
  œ: "oe",
  Œ: "oe",
  đ: "d",
  Đ: "d",
  ł: "l",
  Ł: "l",
  þ: "th",
  Þ: "th",
  ð: "d",
  Ð: "d",
  ı: "i",
};

/** Slugs a route already has: GET /api/articles/feed is the feed. */
const RESERVED = new Set(["feed"]);

const SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** The title's slug; a title without a single such word is `article`. */
export function slugify(title: string): string {
  const words: string[] = [];
  let word = "";
  for (const char of title.normalize("NFKD")) {
    if (/^[A-Za-z0-9]$/.test(char)) {
      word += char.toLowerCase();
    } else if (/^\p{Mn}$/u.test(char)) {
      // A combining mark that decomposition split off its letter.
    } else if (char in SPELLED) {
      word += SPELLED[char];
    } else if (word) {
      words.push(word);
      word = "";
    }
  }
  if (word) {
    words.push(word);
  }
  let slug = "";
  for (const each of words) {
    if (slug && slug.length + 1 + each.length > MAX_BASE) {
      break;
    }
    slug = slug ? `${slug}-${each}` : each;
  }
  return slug.slice(0, MAX_BASE) || "article";
}

/** `base` and a random six-character suffix, for when another article has `base`. */
export function withSuffix(base: string): string {
  let suffix = "";
  for (let i = 0; i < 6; i += 1) {
    suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  }
  return `${base}-${suffix}`;
}

/**
 * The slugs to try in turn: the plain one first (unless a route has it), then
 * suffixed ones. With six random characters a clash after the first is a one
 * in two billion chance.
 */
export function candidates(title: string, attempts = 5): string[] {
  const base = slugify(title);
  const first = RESERVED.has(base) ? withSuffix(base) : base;
  return [first, ...Array.from({ length: attempts - 1 }, () => withSuffix(base))];
}
