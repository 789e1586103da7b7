import { beforeEach, describe, expect, test } from "vitest";
import { RoomStore } from "../src/rooms/store.js";
import type { Message, Room } from "../src/schemas.js";
import { useApp } from "./support/app.js";
import { bearer, createRoom, expectProblem, fieldsOf, register } from "./support/users.js";

describe("GET /rooms/{id}/messages", () => {
  const t = useApp();
  let alice: string;
  let room: Room;

  beforeEach(async () => {
    alice = await register(t.app, "alice");
    room = await createRoom(t.app, alice);
  });

  /** Stores messages as the hub would (the WebSocket tests cover the way in). */
  async function post(roomId: number, ...bodies: string[]): Promise<Message[]> {
    const store = new RoomStore(t.db);
    const author = await t.db
      .selectFrom("users")
      .select(["id", "username"])
      .where("username", "=", "alice")
      .executeTakeFirstOrThrow();
    const stored = [];
    for (const body of bodies) {
      stored.push(await store.addMessage(roomId, author, body));
    }
    return stored;
  }

  const get = (roomId: number | string, query = "", token = alice) =>
    t.app.inject({
      method: "GET",
      url: `/rooms/${roomId}/messages${query}`,
      headers: bearer(token),
    });

  async function history(roomId: number, query = "", token = alice): Promise<Message[]> {
    const response = await get(roomId, query, token);
    expect(response.statusCode, response.body).toBe(200);
    expect(Object.keys(response.json())).toEqual(["data"]);
    return response.json().data;
  }

  test("a message has the contract's shape", async () => {
    const [sent] = await post(room.id, "hello");
    const [message] = await history(room.id);
    expect(message).toEqual({
      id: sent?.id,
      room: room.id,
      user: "alice",
      body: "hello",
      createdAt: sent?.createdAt,
    });
    expect(message?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test("an empty room has an empty history", async () => {
    expect(await history(room.id)).toEqual([]);
  });

  test("the newest 50 come back, oldest first", async () => {
    await post(room.id, ...Array.from({ length: 60 }, (_, n) => `m${n}`));
    const bodies = (await history(room.id)).map((message) => message.body);
    expect(bodies).toEqual(Array.from({ length: 50 }, (_, n) => `m${n + 10}`));
  });

  test("before and limit page backwards by id", async () => {
    const ids = (await post(room.id, ..."abcdefg")).map((message) => message.id);
    const idsOf = async (query: string) => (await history(room.id, query)).map((m) => m.id);

    expect(await idsOf(`?before=${ids[5]}&limit=3`)).toEqual(ids.slice(2, 5));
    expect(await idsOf(`?before=${ids[0]}`)).toEqual([]);
    expect(await idsOf("?limit=2")).toEqual(ids.slice(5));
    expect(await idsOf(`?before=${Number.MAX_SAFE_INTEGER}&limit=100`)).toEqual(ids);
  });

  test("rooms do not share history", async () => {
    const other = await createRoom(t.app, alice, "other");
    await post(room.id, "in general");
    await post(other.id, "in other");
    expect((await history(room.id)).map((message) => message.body)).toEqual(["in general"]);
  });

  test("reading needs a token, not membership", async () => {
    await post(room.id, "hi");
    const bob = await register(t.app, "bob");
    expect((await history(room.id, "", bob)).map((message) => message.user)).toEqual(["alice"]);
    expectProblem(await t.app.inject({ method: "GET", url: `/rooms/${room.id}/messages` }), 401);
  });

  test("limit may be 1 or 100", async () => {
    await post(room.id, "a", "b");
    expect((await history(room.id, "?limit=1")).map((message) => message.body)).toEqual(["b"]);
    expect(await history(room.id, "?limit=100")).toHaveLength(2);
  });

  test.each([
    ["?limit=0", "limit", "must be at least 1"],
    ["?limit=101", "limit", "must be at most 100"],
    ["?limit=ten", "limit", "must be an integer"],
    ["?limit=1.0", "limit", "must be an integer"],
    ["?limit=2.5", "limit", "must be an integer"],
    ["?limit=", "limit", "must be an integer"],
    ["?before=0", "before", "must be at least 1"],
    ["?before=-5", "before", "must be at least 1"],
    ["?before=1e3", "before", "must be an integer"],
    ["?before=latest", "before", "must be an integer"],
  ])("%s is 400", async (query, field, message) => {
    const response = await get(room.id, query);
    expect(expectProblem(response, 400).errors).toEqual([{ field, message }]);
  });

  test("both bad parameters are named at once", async () => {
    expect(fieldsOf(await get(room.id, "?before=x&limit=0"))).toEqual(["before", "limit"]);
  });

  test.each(["999", "0", "-1", "abc", "1.5", String(2 ** 31), String(2 ** 70)])(
    "the room %s is 404",
    async (roomId) => {
      expectProblem(await get(roomId), 404);
    },
  );

  test("room ids are 64-bit: the API takes them up to 2^53 − 1", async () => {
    const largest = Number.MAX_SAFE_INTEGER;
    await t.db
      .insertInto("rooms")
      .values({ id: largest, name: "far", name_key: "far", created_at: new Date().toISOString() })
      .execute();
    const [sent] = await post(largest, "out here");
    expect(await history(largest)).toEqual([sent]);
    expect(sent?.room).toBe(largest);
    expectProblem(await get(String(2 ** 53)), 404);
  });

  test("another method, QUERY included, is 405 naming the one allowed", async () => {
    for (const method of ["POST", "DELETE", "QUERY"] as const) {
      const response = await t.app.inject({ method, url: `/rooms/${room.id}/messages` });
      expectProblem(response, 405);
      expect(response.headers.allow).toBe("GET, HEAD");
    }
  });
});
