/**
 * Request and response bodies. Bodies are checked strictly (see
 * http/validation.ts); JSON field names are camelCase.
 */

import { type Static, Type } from "typebox";
import { Text, Timestamp } from "./http/fields.js";
import { Page, PaginationQuery } from "./http/pagination.js";

// Deliberately loose: one @, no spaces or control characters, a dot in the
// domain. Real validation is a confirmation mail; this only catches typos.
const EMAIL_PATTERN =
  "^[^@ \\u0000-\\u001f\\u007f]+@[^@ \\u0000-\\u001f\\u007f]+\\.[^@ \\u0000-\\u001f\\u007f]+$";

const Email = Type.String({
  maxLength: 254,
  pattern: EMAIL_PATTERN,
  "x-message": "must be an email address",
});

export const Register = Type.Object({
  name: Text({ minLength: 1, maxLength: 200 }),
  email: Email,
  password: Text({ minLength: 8, maxLength: 256 }),
});
export type Register = Static<typeof Register>;

export const Login = Type.Object({
  email: Email,
  password: Text({ minLength: 1, maxLength: 256 }),
});
export type Login = Static<typeof Login>;

export const TokenResponse = Type.Object({ token: Type.String() });

export const Todo = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  completed: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Todo = Static<typeof Todo>;

export const CreateTodo = Type.Object({
  title: Text({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Text({ maxLength: 2000 })),
});
export type CreateTodo = Static<typeof CreateTodo>;

/** PUT replaces the title; a field left out keeps its value. */
export const UpdateTodo = Type.Object({
  title: Text({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Text({ maxLength: 2000 })),
  completed: Type.Optional(Type.Boolean()),
});
export type UpdateTodo = Static<typeof UpdateTodo>;

export const SORTS = ["createdAt", "-createdAt", "title", "-title"] as const;
export type Sort = (typeof SORTS)[number];

export const ListQuery = Type.Object({
  ...PaginationQuery,
  completed: Type.Optional(Type.Boolean()),
  q: Type.Optional(Text({ maxLength: 200 })),
  sort: Type.Optional(
    Type.Union(
      SORTS.map((sort) => Type.Literal(sort)),
      { default: "createdAt" },
    ),
  ),
});
export type ListQuery = Static<typeof ListQuery>;

export const TodoPage = Page(Todo);
