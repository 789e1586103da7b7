/** `/ws` over a real socket: the token check, joins, presence, messages and pings. */

import { SignJWT } from "jose";
import { beforeEach, describe, expect, test } from "vitest";
import { startApp, stopApp } from "./support/app.js";
import { ChatClient, refusedUpgrade, useServer } from "./support/chat.js";
import { testConfig } from "./support/config.js";
import { bearer, createRoom, register } from "./support/users.js";

const presence = (room: number, ...users: string[]) => ({ type: "presence", room, users });

describe("the upgrade", () => {
  const t = useServer();
  const sign = (subject: string, secret: string, expires: number) =>
    new SignJWT()
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(subject)
      .setIssuedAt(0)
      .setExpirationTime(expires)
      .sign(new TextEncoder().encode(secret));
  const secret = testConfig().jwtSecret;

  test.each([
    ["no token", async () => ""],
    ["an empty token", async () => "?token="],
    ["junk", async () => "?token=not-a-token"],
    ["a JWT-shaped token", async () => "?token=a.b.c"],
    ["an expired token", async () => `?token=${await sign("1", secret, 1)}`],
    ["another secret", async () => `?token=${await sign("1", "x".repeat(40), 2 ** 40)}`],
    ["a user that does not exist", async () => `?token=${await sign("9", secret, 2 ** 40)}`],
  ])("%s is a 401 problem before the upgrade", async (_, query) => {
    await register(t.app, "alice"); // user 1 exists
    const refused = await refusedUpgrade(t.wsUrl + (await query()));
    expect(refused.status).toBe(401);
    expect(refused.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(refused.body)).toMatchObject({ status: 401, title: "Unauthorized" });
  });

  test("a valid token upgrades, and the server answers pings", async () => {
    const client = await t.connect(await register(t.app, "alice"));
    const pong = new Promise((resolve) => client.socket.once("pong", resolve));
    client.socket.ping("are you there");
    expect(String(await pong)).toBe("are you there");
  });

  test("a GET without an upgrade is a 426 problem, and still needs a token", async () => {
    const token = await register(t.app, "alice");
    const plain = await t.app.inject({ method: "GET", url: `/ws?token=${token}` });
    expect(plain.statusCode).toBe(426);
    expect(plain.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(plain.headers.upgrade).toBe("websocket");
    expect((await t.app.inject({ method: "GET", url: "/ws" })).statusCode).toBe(401);
  });

  test("the OpenAPI document leaves /ws out", async () => {
    const document = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
    expect(Object.keys(document.paths)).not.toContain("/ws");
  });
});

describe("rooms over the socket", () => {
  const t = useServer();
  let alice: string;
  let bob: string;
  let room: number;
  beforeEach(async () => {
    alice = await register(t.app, "alice");
    bob = await register(t.app, "bob");
    room = (await createRoom(t.app, alice)).id;
  });

  test("a joiner gets the history, then the presence", async () => {
    const first = await t.connect(alice);
    await first.join(room);
    const said = await first.say(room, "earlier");
    first.terminate();

    const second = await t.connect(alice);
    second.send({ type: "join", room });
    const { type: _, ...message } = said;
    expect(await second.next()).toEqual({ type: "history", room, messages: [message] });
    expect(await second.next()).toEqual(presence(room, "alice"));
  });

  test("members hear of joins, leaves and disconnects", async () => {
    const first = await t.connect(alice);
    await first.join(room);
    const second = await t.connect(bob);

    expect((await second.join(room)).users).toEqual(["alice", "bob"]);
    expect(await first.next()).toEqual(presence(room, "alice", "bob"));

    second.send({ type: "leave", room });
    expect(await first.next()).toEqual(presence(room, "alice"));

    expect((await second.join(room)).users).toEqual(["alice", "bob"]);
    expect(await first.next()).toEqual(presence(room, "alice", "bob"));

    second.socket.close();
    expect(await first.next()).toEqual(presence(room, "alice"));
  });

  test("a message reaches every member, the sender included, after it is stored", async () => {
    const [first, second] = [await t.connect(alice), await t.connect(bob)];
    await first.join(room);
    await second.join(room);
    await first.nextOfType("presence");

    second.send({ type: "message", room, body: "hello" });

    const heard = await first.nextOfType("message");
    expect(await second.next()).toEqual(heard);
    expect(heard).toMatchObject({ room, user: "bob", body: "hello" });
    const stored = await t.app.inject({
      method: "GET",
      url: `/rooms/${room}/messages`,
      headers: bearer(alice),
    });
    const { type: _, ...message } = heard;
    expect(stored.json().data).toEqual([message]);
  });

  test("frames of one connection are handled in the order sent", async () => {
    const client = await t.connect(alice);
    client.send({ type: "join", room });
    client.send({ type: "message", room, body: "right after joining" });
    client.send({ type: "leave", room });
    client.send({ type: "message", room, body: "after leaving" });

    expect((await client.next()).type).toBe("history");
    expect((await client.next()).type).toBe("presence");
    expect((await client.next()).body).toBe("right after joining");
    expect(await client.next()).toMatchObject({ type: "error", code: "not_member" });
  });

  test("a burst of frames is handled in full, in the order sent", async () => {
    const client = await t.connect(alice);
    await client.join(room);
    const bodies = Array.from({ length: 200 }, (_, n) => `burst ${n}`);
    for (const body of bodies) {
      client.send({ type: "message", room, body });
    }
    const heard = [];
    for (const _ of bodies) {
      heard.push((await client.nextOfType("message")).body);
    }
    expect(heard).toEqual(bodies);
  });

  test("a client that leaves gets no more presence", async () => {
    const [leaver, stayer] = [await t.connect(alice), await t.connect(bob)];
    await leaver.join(room);
    await stayer.join(room);
    await leaver.nextOfType("presence");
    leaver.send({ type: "leave", room });
    expect(await stayer.next()).toEqual(presence(room, "bob"));

    const joiner = await t.connect(await register(t.app, "carol"));
    await joiner.join(room);
    expect(await stayer.next()).toEqual(presence(room, "bob", "carol"));
    await stayer.say(room, "after the leave");

    // Frames to one socket keep their order: had anything come, it would come first.
    leaver.send({ type: "leave", room });
    await leaver.expectError("not_member");
  });

  test("presence lists a user once, however many connections", async () => {
    const phone = await t.connect(alice);
    await phone.join(room);
    const laptop = await t.connect(alice);
    expect((await laptop.join(room)).users).toEqual(["alice"]);
    expect(await phone.next()).toEqual(presence(room, "alice"));

    const fromLaptop = await laptop.say(room, "from the laptop");
    expect(await phone.next()).toEqual(fromLaptop);

    laptop.socket.close();
    expect(await phone.next()).toEqual(presence(room, "alice"));
  });
});

test("shutting the server down closes every connection", async () => {
  const running = await startApp();
  await running.app.listen({ host: "127.0.0.1", port: 0 });
  const address = running.app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const token = await register(running.app, "alice");
  const client = await ChatClient.connect(`ws://127.0.0.1:${port}/ws?token=${token}`);
  await stopApp(running);
  expect((await client.closed).code).toBeGreaterThanOrEqual(1000);
});
