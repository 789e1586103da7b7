/**
 * Request and response bodies. Bodies are checked strictly (see
 * http/validation.ts); JSON field names are camelCase.
 */

import { type Static, Type } from "typebox";
import { Text, Timestamp } from "./http/fields.js";
import { Page, PaginationQuery } from "./http/pagination.js";

// Deliberately loose: one @, no spaces or control characters, a dot in the
// domain. Real validation is a confirmation mail; this only catches typos.
export const EMAIL_PATTERN =
  "^[^@ \\u0000-\\u001f\\u007f]+@[^@ \\u0000-\\u001f\\u007f]+\\.[^@ \\u0000-\\u001f\\u007f]+$";
export const EMAIL_MESSAGE = "must be an email address";

// The password rule as a schema pattern, so clients and fuzzers know it: no
// NUL, and somewhere an ASCII letter and a digit, in either order, in a syntax
// every regex engine shares (no lookahead).
export const LETTER_AND_DIGIT_PATTERN =
  "^[^\\u0000]*([A-Za-z][^\\u0000]*[0-9]|[0-9][^\\u0000]*[A-Za-z])[^\\u0000]*$";
export const LETTER_AND_DIGIT_MESSAGE =
  "must contain both a letter (A-Z or a-z) and a digit, and no NUL characters";

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

export const ROLES = ["user", "admin"] as const;
export type Role = (typeof ROLES)[number];

const Email = Type.String({
  maxLength: 254,
  pattern: EMAIL_PATTERN,
  "x-message": EMAIL_MESSAGE,
});

const NewPassword = Type.String({
  minLength: MIN_PASSWORD_LENGTH,
  maxLength: MAX_PASSWORD_LENGTH,
  pattern: LETTER_AND_DIGIT_PATTERN,
  "x-message": LETTER_AND_DIGIT_MESSAGE,
});

export const Register = Type.Object({
  email: Email,
  password: NewPassword,
  name: Text({ minLength: 1, maxLength: 200 }),
});
export type Register = Static<typeof Register>;

export const Login = Type.Object({
  email: Email,
  // No rule beyond non-empty: a password too weak to exist is wrong (401), not malformed.
  password: Text({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
});
export type Login = Static<typeof Login>;

export const RefreshTokenBody = Type.Object({
  refreshToken: Text({ minLength: 1, maxLength: 512 }),
});

export const RoleChange = Type.Object({
  role: Type.Enum([...ROLES]),
});

export const User = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  role: Type.Enum([...ROLES]),
  createdAt: Timestamp,
});
export type User = Static<typeof User>;

const TokenOut = Type.Object({ token: Type.String(), expiresAt: Timestamp });

export const TokenPair = Type.Object({ access: TokenOut, refresh: TokenOut });
export type TokenPair = Static<typeof TokenPair>;

export const Tokens = Type.Object({ tokens: TokenPair });

export const UserWithTokens = Type.Object({ user: User, tokens: TokenPair });

export const UserPage = Page(User);

export const UserListQuery = Type.Object({ ...PaginationQuery });

export const JwkSet = Type.Object({
  keys: Type.Array(
    Type.Object({
      kty: Type.Literal("OKP"),
      crv: Type.Literal("Ed25519"),
      x: Type.String(),
      kid: Type.String(),
      alg: Type.Literal("EdDSA"),
      use: Type.Literal("sig"),
    }),
  ),
});
