/** `/ws` when things go wrong: error frames, idle connections, clients that fall behind. */

import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { RoomStore } from "../src/rooms/store.js";
import { type ChatClient, type Frame, useServer } from "./support/chat.js";
import { createRoom, register } from "./support/users.js";

// Every test creates the room 1, which its client joins, and the room 2, which it does not.
const FRAMES = (
  [
    ["{not json", "bad_frame"],
    ['{"type": "message",', "bad_frame"],
    ["[1, 2]", "bad_frame"],
    ['"join"', "bad_frame"],
    ["null", "bad_frame"],
    ["{}", "bad_frame"],
    ['{"type": "shout", "room": 1}', "bad_frame"],
    ['{"type": 7, "room": 1}', "bad_frame"],
    ['{"type": "join"}', "bad_frame"],
    ['{"type": "join", "room": "1"}', "bad_frame"],
    ['{"type": "leave", "room": [1]}', "bad_frame"],
    ['{"type": "message", "room": 1}', "bad_frame"],
    ['{"type": "message", "room": 1, "body": 7}', "bad_frame"],
    ['{"type": "message", "body": "where to?"}', "bad_frame"],
    ['{"type": "join", "room": 999}', "not_found"],
    [`{"type": "join", "room": ${2 ** 31}}`, "not_found"],
    [`{"type": "join", "room": ${2 ** 70}}`, "not_found"],
    ['{"type": "join", "room": -1}', "not_found"],
    ['{"type": "leave", "room": 999}', "not_found"],
    ['{"type": "message", "room": 999, "body": "hi"}', "not_found"],
    ['{"type": "message", "room": 2, "body": "hi"}', "not_member"],
    ['{"type": "leave", "room": 2}', "not_member"],
    ['{"type": "message", "room": 1, "body": ""}', "invalid"],
    [`{"type": "message", "room": 1, "body": "${"x".repeat(2001)}"}`, "invalid"],
    [`{"type": "message", "room": 1, "body": "${"é".repeat(2001)}"}`, "invalid"],
    ['{"type": "message", "room": 1, "body": "a\\u0000b"}', "invalid"],
  ] as [string, string][]
).map(([frame, code]) => ({
  shown: frame.length > 60 ? `${frame.slice(0, 60)}…` : frame,
  frame,
  code,
}));

describe("error frames", () => {
  const t = useServer();
  let member: ChatClient;
  let bystander: ChatClient;
  let joined: number;
  let other: number;
  beforeEach(async () => {
    const alice = await register(t.app, "alice");
    joined = (await createRoom(t.app, alice, "joined")).id;
    other = (await createRoom(t.app, alice, "other")).id;
    member = await t.connect(alice);
    await member.join(joined);
    bystander = await t.connect(await register(t.app, "bob"));
    await bystander.join(joined);
    await member.nextOfType("presence");
  });

  test.each(FRAMES)(
    "$shown is $code, for the sender only, and the connection stays open",
    async ({ frame, code }) => {
      expect([joined, other]).toEqual([1, 2]);

      member.send(frame);

      const error = await member.expectError(code);
      expect(Object.keys(error).sort()).toEqual(["code", "message", "type"]);
      expect(await bystander.within(100)).toEqual([]);
      await member.say(joined, "still here");
      expect((await bystander.nextOfType("message")).body).toBe("still here");
    },
  );

  test("a binary frame is a bad frame", async () => {
    member.socket.send(Buffer.from(JSON.stringify({ type: "join", room: joined })));
    expect((await member.expectError("bad_frame")).message).toBe(
      "frames must be JSON text, not binary",
    );
  });

  test("a body of 2000 code points goes through", async () => {
    const body = "é".repeat(2000);
    expect((await member.say(joined, body)).body).toBe(body);
    expect((await bystander.nextOfType("message")).body).toBe(body);
  });

  test("a frame far beyond any valid one closes the connection", async () => {
    member.send(JSON.stringify({ type: "message", room: joined, body: "x".repeat(100_000) }));
    expect((await member.closed).code).toBe(1009);
    expect(await bystander.nextOfType("presence")).toMatchObject({ users: ["bob"] });
  });
});

describe("a failure of the server", () => {
  const t = useServer();
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test("closes the connection with 1011, and the room goes on", async () => {
    const alice = await register(t.app, "alice");
    const room = (await createRoom(t.app, alice)).id;
    const [unlucky, other] = [
      await t.connect(alice),
      await t.connect(await register(t.app, "bob")),
    ];
    await unlucky.join(room);
    await other.join(room);
    await unlucky.nextOfType("presence");
    vi.spyOn(RoomStore.prototype, "addMessage").mockRejectedValueOnce(new Error("disk full"));

    unlucky.send({ type: "message", room, body: "lost" });

    expect(await unlucky.untilClosed()).toEqual({ frames: [], code: 1011 });
    expect(await other.next()).toEqual({ type: "presence", room, users: ["bob"] });
    expect((await other.say(room, "still working")).body).toBe("still working");
  });
});

describe("idle connections", () => {
  const t = useServer({ wsIdleTimeoutSeconds: 0.5 });

  test("are closed, while active ones stay open", async () => {
    const alice = await register(t.app, "alice");
    const [idle, active] = [await t.connect(alice), await t.connect(alice)];
    const started = Date.now();
    const closed = idle.untilClosed();
    while (Date.now() - started < 900) {
      active.send({ type: "keep-alive" });
      await active.expectError("bad_frame");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await closed).toEqual({ frames: [], code: 1000 });
    expect(active.socket.readyState).toBe(active.socket.OPEN);
  });

  test("pings alone do not keep a connection open", async () => {
    const client = await t.connect(await register(t.app, "alice"));
    const timer = setInterval(() => client.socket.ping(), 100);
    try {
      expect((await client.closed).code).toBe(1000);
    } finally {
      clearInterval(timer);
    }
  });
});

describe("a client that cannot keep up", () => {
  const t = useServer({ wsSendQueueSize: 10 });

  test("is disconnected, and the room goes on without it", async () => {
    const alice = await register(t.app, "alice");
    const room = (await createRoom(t.app, alice)).id;
    const slow = await t.connect(alice);
    await slow.join(room);
    const talker = await t.connect(await register(t.app, "bob"));
    await talker.join(room);
    await slow.nextOfType("presence");

    // The slow client stops reading; once the network's buffers are full, its queue fills.
    slow.socket.pause();
    const body = "🎉".repeat(2000); // 8 kB a frame
    let left: Frame | undefined;
    for (let sent = 0; left === undefined && sent < 5_000; sent += 25) {
      for (let n = 0; n < 25; n += 1) {
        talker.send({ type: "message", room, body });
      }
      for (let heard = 0; heard < 25; ) {
        const frame = await talker.next();
        if (frame.type === "message") {
          heard += 1;
        } else {
          left = frame;
        }
      }
    }

    expect(left).toEqual({ type: "presence", room, users: ["bob"] });
    expect((await talker.say(room, "carry on")).body).toBe("carry on");
    slow.socket.resume();
    expect((await slow.untilClosed()).code).toBe(1008);
  });
});
