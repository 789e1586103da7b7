import { describe, expect, test } from "vitest";
import * as frames from "../src/chat/frames.js";
import { FrameError } from "../src/chat/frames.js";

function refusal(text: string): { code: string; message: string } {
  try {
    frames.parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(FrameError);
    const { code, message } = error as FrameError;
    return { code, message };
  }
  throw new Error(`${text} was accepted`);
}

describe("client frames", () => {
  test("the three kinds parse", () => {
    expect(frames.parse('{"type": "join", "room": 1}')).toEqual({ type: "join", room: 1 });
    expect(frames.parse('{"type": "leave", "room": 2}')).toEqual({ type: "leave", room: 2 });
    expect(frames.parse('{"type": "message", "room": 3, "body": "hi"}')).toEqual({
      type: "message",
      room: 3,
      body: "hi",
    });
  });

  test("fields beyond the contract are ignored", () => {
    expect(frames.parse('{"type": "join", "room": 1, "since": 5}')).toEqual({
      type: "join",
      room: 1,
    });
  });

  test.each([
    ["{not json", "the frame is not valid JSON"],
    ["[".repeat(5000), "the frame is not valid JSON"],
    ["", "the frame is not valid JSON"],
    ['"join"', "a frame must be a JSON object"],
    ["42", "a frame must be a JSON object"],
    ["[]", "a frame must be a JSON object"],
    ["null", "a frame must be a JSON object"],
    ["{}", "type must be one of join, leave, message"],
    ['{"room": 1}', "type must be one of join, leave, message"],
    ['{"type": "dance", "room": 1}', "type must be one of join, leave, message"],
    ['{"type": 1, "room": 1}', "type must be one of join, leave, message"],
    ['{"type": "JOIN", "room": 1}', "type must be one of join, leave, message"],
    ['{"type": "join"}', "room is required"],
    ['{"type": "message", "body": "where to?"}', "room is required"],
    ['{"type": "join", "room": "1"}', "room must be an integer"],
    ['{"type": "join", "room": 1.5}', "room must be an integer"],
    ['{"type": "join", "room": true}', "room must be an integer"],
    ['{"type": "join", "room": null}', "room must be an integer"],
    ['{"type": "leave", "room": [1]}', "room must be an integer"],
    ['{"type": "message", "room": 1}', "body is required"],
    ['{"type": "message", "room": 1, "body": 5}', "body must be a string"],
    ['{"type": "message", "room": 1, "body": null}', "body must be a string"],
  ])("%s is a bad frame", (text, message) => {
    expect(refusal(text)).toEqual({ code: "bad_frame", message });
  });

  test.each([
    ["", "body must not be empty"],
    ["x".repeat(2001), "body must be at most 2000 characters"],
    ["é".repeat(2001), "body must be at most 2000 characters"],
    ["a\u0000b", "body must not contain NUL characters"],
    ["a\ud800b", "body must not contain lone surrogates"],
  ])("the body %# breaks a rule: invalid", (body, message) => {
    const text = JSON.stringify({ type: "message", room: 1, body });
    expect(refusal(text)).toEqual({ code: "invalid", message });
  });

  test("a body of 2000 code points is fine, though longer in UTF-16", () => {
    const body = "🎉".repeat(2000);
    expect(frames.parse(JSON.stringify({ type: "message", room: 1, body }))).toEqual({
      type: "message",
      room: 1,
      body,
    });
  });
});

describe("server frames", () => {
  test("are compact JSON text", () => {
    expect(frames.presence(7, ["bob", "alice", "bob"])).toBe(
      '{"type":"presence","room":7,"users":["alice","bob"]}',
    );
    expect(JSON.parse(frames.error("not_member", "join room 7 first"))).toEqual({
      type: "error",
      code: "not_member",
      message: "join room 7 first",
    });
  });

  test("a message frame is the stored message with its type", () => {
    const stored = {
      id: 1,
      room: 2,
      user: "ada",
      body: "hi",
      createdAt: "2026-11-21T14:03:07.123Z",
    };
    expect(JSON.parse(frames.message(stored))).toEqual({ type: "message", ...stored });
    expect(JSON.parse(frames.history(2, [stored]))).toEqual({
      type: "history",
      room: 2,
      messages: [stored],
    });
  });
});
