/** JSON values a client sends to be stored: payloads and results. */

/** 64 KiB of JSON text, counted in UTF-8 bytes. */
export const MAX_JSON_BYTES = 64 * 1024;

/**
 * The compact JSON text of `value`, as stored, or what is wrong with it. The
 * limit counts bytes of this encoding. JSON.parse reads 1e400 as Infinity,
 * which JSON cannot carry back out (it would silently become null), so that
 * is refused too.
 */
export function encodeJson(
  value: unknown,
  limit = MAX_JSON_BYTES,
): { text: string } | { error: string } {
  let finite = true;
  let text: string;
  try {
    text = JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item === "number" && !Number.isFinite(item)) {
        finite = false;
      }
      return item;
    });
  } catch {
    // Only a structure nested deeper than the stack allows gets here.
    return { error: "is nested too deeply" };
  }
  if (!finite) {
    return { error: "must not contain numbers too large for JSON" };
  }
  const size = Buffer.byteLength(text);
  if (size > limit) {
    return { error: `must be at most ${limit} bytes as JSON, not ${size}` };
  }
  return { text };
}

/** JSON text with object keys sorted at every level: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      return item;
    }
    const entries = Object.entries(item as Record<string, unknown>);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}

/** How deep arrays and objects may nest in a request body. */
export const MAX_JSON_DEPTH = 256;

/**
 * Whether JSON text nests arrays and objects deeper than `limit`, found
 * without parsing (so without recursion): code that walks a parsed value
 * recursively would run out of stack on a few thousand levels.
 */
export function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === "\\") {
        i += 1;
      } else if (char === '"') {
        inString = false;
      }
    } else if (char === '"') {
      inString = true;
    } else if (char === "[" || char === "{") {
      depth += 1;
      if (depth > limit) {
        return true;
      }
    } else if (char === "]" || char === "}") {
      depth -= 1;
    }
  }
  return false;
}
