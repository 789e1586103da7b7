/** Several clients talk at once in one room: every member must see one sequence, in id order. */

import { expect, test } from "vitest";
import { useServer } from "./support/chat.js";
import { bearer, createRoom, register } from "./support/users.js";

const CLIENTS = 5;
const MESSAGES_EACH = 10;

const t = useServer();

test("every member sees the same messages, in id order, each sender's in the order sent", async () => {
  const tokens = [];
  for (let n = 0; n < CLIENTS; n += 1) {
    tokens.push(await register(t.app, `user${n}`));
  }
  const room = (await createRoom(t.app, tokens[0] ?? "")).id;
  const clients = await Promise.all(tokens.map((token) => t.connect(token)));
  for (const client of clients) {
    await client.join(room);
  }
  for (const [position, client] of clients.entries()) {
    // One more presence frame for each client that joined after this one.
    for (let later = position + 1; later < CLIENTS; later += 1) {
      await client.nextOfType("presence");
    }
  }

  // Every frame is sent before any is read, so the server handles them all at once.
  for (let n = 0; n < MESSAGES_EACH; n += 1) {
    for (const [sender, client] of clients.entries()) {
      client.send({ type: "message", room, body: `${sender}:${n}` });
    }
  }
  const seen = await Promise.all(
    clients.map(async (client) => {
      const frames = [];
      for (let i = 0; i < CLIENTS * MESSAGES_EACH; i += 1) {
        frames.push(await client.nextOfType("message"));
      }
      return frames;
    }),
  );

  const ids = seen.map((frames) => frames.map((frame) => frame.id as number));
  for (const sequence of ids) {
    expect(sequence).toEqual(ids[0]);
  }
  expect(ids[0]).toEqual([...new Set(ids[0])].sort((a, b) => a - b));
  for (let sender = 0; sender < CLIENTS; sender += 1) {
    const bodies = (seen[0] ?? [])
      .map((frame) => frame.body as string)
      .filter((body) => body.startsWith(`${sender}:`));
    expect(bodies).toEqual(Array.from({ length: MESSAGES_EACH }, (_, n) => `${sender}:${n}`));
  }
  const stored = await t.app.inject({
    method: "GET",
    url: `/rooms/${room}/messages?limit=100`,
    headers: bearer(tokens[0] ?? ""),
  });
  expect(stored.json().data.map((message: { id: number }) => message.id)).toEqual(ids[0]);
});
