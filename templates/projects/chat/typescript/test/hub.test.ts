/** The hub on its own, without sockets: membership, presence, delivery order and slow readers. */

import { describe, expect, test } from "vitest";
import { FrameError } from "../src/chat/frames.js";
import { type Connection, Hub } from "../src/chat/hub.js";
import {
  connect,
  forgetFrames,
  MemoryStore,
  OTHER_ROOM,
  outboxOf,
  presence,
  ROOM,
  received,
} from "./support/hub.js";

describe("membership", () => {
  test("a joiner gets the history, then everyone gets the presence", async () => {
    const hub = new Hub(new MemoryStore());
    const [alice, bob] = [connect("alice"), connect("bob")];
    await hub.join(alice, ROOM);
    await hub.publish(alice, ROOM, "before bob");
    forgetFrames(alice);

    await hub.join(bob, ROOM);

    const frames = received(bob);
    expect(frames.map((frame) => frame.type)).toEqual(["history", "presence"]);
    expect(frames[0]?.messages).toMatchObject([{ body: "before bob" }]);
    expect(frames[1]).toEqual(presence("alice", "bob"));
    expect(received(alice)).toEqual([presence("alice", "bob")]);
  });

  test("the history on join is the last 50, oldest first", async () => {
    const hub = new Hub(new MemoryStore());
    const alice = connect("alice");
    await hub.join(alice, ROOM);
    for (let n = 0; n < 60; n += 1) {
      await hub.publish(alice, ROOM, `m${n}`);
    }
    const bob = connect("bob");

    await hub.join(bob, ROOM);

    const messages = received(bob)[0]?.messages as { body: string }[];
    expect(messages.map((message) => message.body)).toEqual(
      Array.from({ length: 50 }, (_, n) => `m${n + 10}`),
    );
  });

  test("presence lists a user once, however many connections", async () => {
    const hub = new Hub(new MemoryStore());
    const [phone, laptop, bob] = [connect("alice"), connect("alice"), connect("bob")];
    for (const connection of [phone, laptop, bob]) {
      await hub.join(connection, ROOM);
    }
    hub.disconnect(laptop);

    expect(received(phone).slice(-2)).toEqual([presence("alice", "bob"), presence("alice", "bob")]);
    expect(received(bob).at(-1)).toEqual(presence("alice", "bob"));
  });

  test("usernames in presence are sorted", async () => {
    const hub = new Hub(new MemoryStore());
    for (const name of ["zed", "Amy", "bob"]) {
      await hub.join(connect(name), ROOM);
    }
    const last = connect("_x");
    await hub.join(last, ROOM);
    expect(received(last)[1]).toEqual(presence("Amy", "_x", "bob", "zed"));
  });

  test("a client that leaves gets no more presence", async () => {
    const hub = new Hub(new MemoryStore());
    const [alice, bob, carol] = [connect("alice"), connect("bob"), connect("carol")];
    await hub.join(alice, ROOM);
    await hub.join(bob, ROOM);
    forgetFrames(alice, bob);

    await hub.leave(alice, ROOM);
    await hub.join(carol, ROOM);

    expect(received(alice)).toEqual([]);
    expect(received(bob)).toEqual([presence("bob"), presence("bob", "carol")]);
  });

  const sayHi = (hub: Hub, connection: Connection, room: number) =>
    hub.publish(connection, room, "hi");
  const leave = (hub: Hub, connection: Connection, room: number) => hub.leave(connection, room);
  const join = (hub: Hub, connection: Connection, room: number) => hub.join(connection, room);

  test.each([
    ["a message", sayHi, OTHER_ROOM, "not_member"],
    ["a message", sayHi, 99, "not_found"],
    ["leaving", leave, OTHER_ROOM, "not_member"],
    ["leaving", leave, 99, "not_found"],
    ["joining", join, 99, "not_found"],
  ])("%s to room %i is %s", async (_, action, room, code) => {
    const hub = new Hub(new MemoryStore());
    const alice = connect("alice");
    await hub.join(alice, ROOM);

    const failure = await action(hub, alice, room).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(FrameError);
    expect((failure as FrameError).code).toBe(code);
  });

  test("joining again answers only the joiner", async () => {
    const hub = new Hub(new MemoryStore());
    const [alice, bob] = [connect("alice"), connect("bob")];
    await hub.join(alice, ROOM);
    await hub.join(bob, ROOM);
    forgetFrames(alice, bob);

    await hub.join(bob, ROOM);

    expect(received(bob).map((frame) => frame.type)).toEqual(["history", "presence"]);
    expect(received(alice)).toEqual([]);
  });

  test("a disconnect leaves every room once", async () => {
    const hub = new Hub(new MemoryStore());
    const [alice, bob] = [connect("alice"), connect("bob")];
    for (const room of [ROOM, OTHER_ROOM]) {
      await hub.join(alice, room);
      await hub.join(bob, room);
    }
    forgetFrames(bob);

    hub.disconnect(alice);
    hub.disconnect(alice);

    expect(received(bob)).toEqual([
      presence("bob"),
      { type: "presence", room: OTHER_ROOM, users: ["bob"] },
    ]);
    expect(hub.members(ROOM)).toEqual([bob]);
    expect(hub.members(OTHER_ROOM)).toEqual([bob]);
  });

  test("a connection that closes while its history is read never joins", async () => {
    const hub = new Hub(new MemoryStore());
    const alice = connect("alice");
    const joining = hub.join(alice, ROOM);
    hub.disconnect(alice);
    await joining;
    expect(hub.members(ROOM)).toEqual([]);
    expect(received(alice)).toEqual([]);
  });
});

describe("delivery", () => {
  test("a message is stored, then sent to every member and only them", async () => {
    const store = new MemoryStore();
    const hub = new Hub(store);
    const [alice, bob, outsider] = [connect("alice"), connect("bob"), connect("carol")];
    await hub.join(alice, ROOM);
    await hub.join(bob, ROOM);
    await hub.join(outsider, OTHER_ROOM);
    forgetFrames(alice, bob, outsider);

    await hub.publish(bob, ROOM, "hi");

    expect(store.messages).toHaveLength(1);
    const expected = { type: "message", ...store.messages[0] };
    expect(received(alice)).toEqual([expected]);
    expect(received(bob)).toEqual([expected]);
    expect(received(outsider)).toEqual([]);
  });

  test("concurrent senders give every member one order, by id", async () => {
    const store = new MemoryStore();
    const hub = new Hub(store);
    const members = Array.from({ length: 5 }, (_, n) => connect(`user${n}`));
    for (const member of members) {
      await hub.join(member, ROOM);
    }
    forgetFrames(...members);

    await Promise.all(
      members.map(async (member) => {
        for (let n = 0; n < 10; n += 1) {
          await hub.publish(member, ROOM, `${member.user.username} ${n}`);
        }
      }),
    );

    const sequences = members.map((member) => received(member).map((frame) => frame.id));
    expect(store.messages.map((message) => message.id)).toEqual(
      Array.from({ length: 50 }, (_, n) => n + 1),
    );
    for (const sequence of sequences) {
      expect(sequence).toEqual(store.messages.map((message) => message.id));
    }
    for (const member of members) {
      const mine = store.messages.filter((message) => message.user === member.user.username);
      expect(mine.map((message) => message.body)).toEqual(
        Array.from({ length: 10 }, (_, n) => `${member.user.username} ${n}`),
      );
    }
  });

  test("messages sent without waiting keep their order", async () => {
    const store = new MemoryStore();
    const hub = new Hub(store);
    const alice = connect("alice");
    await hub.join(alice, ROOM);
    forgetFrames(alice);

    await Promise.all(Array.from({ length: 20 }, (_, n) => hub.publish(alice, ROOM, `m${n}`)));

    expect(received(alice).map((frame) => frame.body)).toEqual(
      Array.from({ length: 20 }, (_, n) => `m${n}`),
    );
  });

  test("rooms do not wait for each other", async () => {
    const store = new MemoryStore();
    const hub = new Hub(store);
    const [alice, bob] = [connect("alice"), connect("bob")];
    await hub.join(alice, ROOM);
    await hub.join(bob, OTHER_ROOM);
    let release = () => {};
    store.writing = new Promise((resolve) => {
      release = resolve;
    });
    const stuck = hub.publish(alice, ROOM, "held");
    await new Promise((resolve) => setTimeout(resolve, 5)); // the write has begun, and waits
    store.writing = undefined;

    await hub.publish(bob, OTHER_ROOM, "goes first");

    expect(store.messages.map((message) => message.body)).toEqual(["goes first"]);
    release();
    await stuck;
  });

  test("a joiner sees a message in flight exactly once", async () => {
    const store = new MemoryStore();
    const hub = new Hub(store);
    const [alice, bob] = [connect("alice"), connect("bob")];
    await hub.join(alice, ROOM);
    let release = () => {};
    store.writing = new Promise((resolve) => {
      release = resolve;
    });

    const publishing = hub.publish(alice, ROOM, "in flight");
    const joining = hub.join(bob, ROOM);
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await Promise.all([publishing, joining]);

    const frames = received(bob);
    const inHistory = frames
      .filter((frame) => frame.type === "history")
      .flatMap((frame) => (frame.messages as { body: string }[]).map((message) => message.body));
    const live = frames.filter((frame) => frame.type === "message").map((frame) => frame.body);
    expect([...inHistory, ...live]).toEqual(["in flight"]);
  });

  test("a failed write reaches the sender and leaves the room working", async () => {
    const store = new MemoryStore();
    const hub = new Hub(store);
    const alice = connect("alice");
    await hub.join(alice, ROOM);
    store.failure = new Error("the database is down");

    await expect(hub.publish(alice, ROOM, "lost")).rejects.toThrow("the database is down");
    store.failure = undefined;
    await hub.publish(alice, ROOM, "kept");

    expect(store.messages.map((message) => message.body)).toEqual(["kept"]);
  });

  test("a client that falls behind is dropped and the room goes on", async () => {
    const hub = new Hub(new MemoryStore());
    const [alice, slow] = [connect("alice"), connect("slow", 3)];
    await hub.join(slow, ROOM);
    await hub.join(alice, ROOM);
    forgetFrames(alice);

    for (let n = 0; n < 5; n += 1) {
      await hub.publish(alice, ROOM, `m${n}`);
    }

    expect(slow.closed).toBe(true);
    expect(outboxOf(slow).fellBehindCalls).toBe(1);
    expect(hub.members(ROOM)).toEqual([alice]);
    // The message that overflowed the slow queue reaches alice before the presence it causes.
    expect(received(alice).map((frame) => frame.body ?? frame.users)).toEqual([
      "m0",
      ["alice"],
      "m1",
      "m2",
      "m3",
      "m4",
    ]);
  });
});
