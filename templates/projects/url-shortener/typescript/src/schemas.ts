/**
 * Request and response bodies, and the short code in a path. Bodies are
 * checked strictly (see http/validation.ts): a number is not a URL and
 * `null` is not an alias, both are 400. JSON field names are camelCase.
 */

import { type Static, Type } from "typebox";
import { CODE_PATTERN, RESERVED_WORDS } from "./codes.js";
import { Timestamp } from "./http/fields.js";

/**
 * An absolute http(s) URL, checked as a whole by one pattern that the OpenAPI
 * document states too. Spaces and control characters (NUL among them) are
 * refused everywhere, since they cannot travel in a Location header. The host
 * is a name or an IPv4 address: `user:password@` in front of it is refused,
 * being a classic disguise (`https://bank.example@evil.example/`), and so are
 * IPv6 literals. Characters beyond ASCII are fine; the redirect
 * percent-encodes them.
 */
export const URL_PATTERN =
  "^[Hh][Tt][Tt][Pp][Ss]?://" + // the scheme, in any case
  "[^\\x00-\\x20\\x7f#%/:<>?@\\[\\\\\\]^|]+" + // the host
  "(:[0-9]{1,5})?" + // the port
  "([/?#][^\\x00-\\x20\\x7f]*)?$"; // path, query and fragment

export const MAX_URL_LENGTH = 2048;

const Url = Type.String({
  maxLength: MAX_URL_LENGTH,
  pattern: URL_PATTERN,
  "x-message": "must be an absolute http or https URL, without spaces or user:password@",
});

/** The message of a reserved alias; routes/links.ts puts it in place of Ajv's "must NOT be valid". */
export const RESERVED_MESSAGE = "is reserved: it names a route of this API";

const Alias = Type.String({
  minLength: 3,
  maxLength: 32,
  pattern: CODE_PATTERN,
  "x-message": "must contain only letters, digits, '_' and '-'",
  not: { enum: [...RESERVED_WORDS] },
  description: "the short code to use instead of a random one",
});

export const CreateLink = Type.Object({
  url: Url,
  // Leave it out for a random code; null is not a way to say so.
  alias: Type.Optional(Alias),
});
export type CreateLink = Static<typeof CreateLink>;

export const UpdateLink = Type.Object({ url: Url });
export type UpdateLink = Static<typeof UpdateLink>;

// A code that no link can have is simply not found (404), like any unknown code.
export const CodeParams = Type.Object({
  code: Type.String({ pattern: CODE_PATTERN, description: "a short code or alias" }),
});

export const Link = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  shortCode: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Link = Static<typeof Link>;

export const LinkStats = Type.Object({
  ...Link.properties,
  accessCount: Type.Integer({ minimum: 0 }),
});
export type LinkStats = Static<typeof LinkStats>;
