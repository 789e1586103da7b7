/**
 * Request and response bodies. Bodies are checked strictly (see
 * http/validation.ts); JSON field names are camelCase.
 */

import { type Static, Type } from "typebox";
import { Id, Text, Timestamp } from "./http/fields.js";

export const USERNAME_PATTERN = "^[A-Za-z0-9_]{3,32}$";
export const MAX_BODY_LENGTH = 2000;
export const HISTORY_LIMIT = { default: 50, max: 100 } as const;

// One pattern carries the whole rule, length included, so a bad username is one error, not two.
const Username = Type.String({
  pattern: USERNAME_PATTERN,
  "x-message": "must be 3 to 32 letters, digits or underscores",
});

export const Register = Type.Object({
  username: Username,
  password: Text({ minLength: 8, maxLength: 256 }),
});
export type Register = Static<typeof Register>;

export const Login = Type.Object({
  username: Username,
  // No minimum beyond non-empty: a password too short to exist is wrong (401), not malformed.
  password: Text({ minLength: 1, maxLength: 256 }),
});
export type Login = Static<typeof Login>;

export const TokenResponse = Type.Object({ token: Type.String() });

export const CreateRoom = Type.Object({ name: Text({ minLength: 1, maxLength: 64 }) });
export type CreateRoom = Static<typeof CreateRoom>;

export const Room = Type.Object({ id: Type.Integer(), name: Type.String(), createdAt: Timestamp });
export type Room = Static<typeof Room>;

export const RoomList = Type.Object({ data: Type.Array(Room) });

export const RoomParams = Type.Object({ id: Id });

export const HistoryQuery = Type.Object({
  // Any id is a cursor, also one beyond the last message; past MAX_ID it bounds nothing.
  before: Type.Optional(
    Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "Only ids below" }),
  ),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: HISTORY_LIMIT.max, default: HISTORY_LIMIT.default }),
  ),
});
export type HistoryQuery = Static<typeof HistoryQuery>;

/** A stored message; WebSocket frames and history pages carry the same shape. */
export const Message = Type.Object({
  id: Type.Integer(),
  room: Type.Integer(),
  user: Type.String(),
  body: Type.String(),
  createdAt: Timestamp,
});
export type Message = Static<typeof Message>;

export const MessageList = Type.Object({ data: Type.Array(Message) });
