/**
 * The WebSocket protocol: frames from clients, parsed strictly, and frames to them.
 *
 * Every frame is JSON text. A frame that cannot be understood is answered
 * with an error frame naming what is wrong, never by closing the connection:
 * one client bug should not cost its user the session.
 */

import { MAX_BODY_LENGTH, type Message } from "../schemas.js";

export type ErrorCode = "bad_frame" | "not_found" | "not_member" | "invalid";

/** A frame the server refuses; the client gets `{"type":"error",…}` and stays connected. */
export class FrameError extends Error {
  override name = "FrameError";

  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type ClientFrame =
  | { type: "join"; room: number }
  | { type: "leave"; room: number }
  | { type: "message"; room: number; body: string };

const TYPES = ["join", "leave", "message"] as const;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const badFrame = (message: string) => new FrameError("bad_frame", message);

/** A client frame, or a FrameError saying what is wrong with it. Fields beyond the contract are ignored. */
export function parse(text: string): ClientFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badFrame("the frame is not valid JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw badFrame("a frame must be a JSON object");
  }
  const frame = value as Record<string, unknown>;
  const type = TYPES.find((known) => known === frame.type);
  if (type === undefined) {
    throw badFrame(`type must be one of ${TYPES.join(", ")}`);
  }
  const room = roomOf(frame);
  if (type !== "message") {
    return { type, room };
  }
  return { type, room, body: bodyOf(frame) };
}

function roomOf(frame: Record<string, unknown>): number {
  if (!("room" in frame)) {
    throw badFrame("room is required");
  }
  // JSON has one kind of number, so 1.0 is the integer 1; 1.5 or "1" is not an id.
  if (typeof frame.room !== "number" || !Number.isInteger(frame.room)) {
    throw badFrame("room must be an integer");
  }
  return frame.room;
}

/** Breaking a rule about the body's content is `invalid`; a missing or mistyped body is `bad_frame`. */
function bodyOf(frame: Record<string, unknown>): string {
  if (!("body" in frame)) {
    throw badFrame("body is required");
  }
  const { body } = frame;
  if (typeof body !== "string") {
    throw badFrame("body must be a string");
  }
  if (body.length === 0) {
    throw new FrameError("invalid", "body must not be empty");
  }
  // Code points, not UTF-16 units: an emoji is one character.
  if ([...body].length > MAX_BODY_LENGTH) {
    throw new FrameError("invalid", `body must be at most ${MAX_BODY_LENGTH} characters`);
  }
  // Neither can be stored: PostgreSQL refuses NUL, and no UTF-8 database holds half a surrogate pair.
  if (body.includes("\u0000")) {
    throw new FrameError("invalid", "body must not contain NUL characters");
  }
  if (LONE_SURROGATE.test(body)) {
    throw new FrameError("invalid", "body must not contain lone surrogates");
  }
  return body;
}

export function history(roomId: number, messages: readonly Message[]): string {
  return JSON.stringify({ type: "history", room: roomId, messages });
}

export function presence(roomId: number, usernames: Iterable<string>): string {
  // A set first: a user with several connections is listed once. Sorted by code point.
  const users = [...new Set(usernames)].sort();
  return JSON.stringify({ type: "presence", room: roomId, users });
}

export function message(stored: Message): string {
  return JSON.stringify({ type: "message", ...stored });
}

export function error(code: ErrorCode, text: string): string {
  return JSON.stringify({ type: "error", code, message: text });
}
