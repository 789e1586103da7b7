import { describe, expect, test } from "vitest";
import { useServer } from "./support/chat.js";
import { register } from "./support/users.js";

describe("chat_open_connections", () => {
  const t = useServer();

  async function openConnections(): Promise<number> {
    const body = (await t.app.inject({ url: "/metrics" })).body;
    const line = body.split("\n").find((text) => text.startsWith("chat_open_connections "));
    return Number(line?.split(" ")[1]);
  }

  async function eventually(expected: number): Promise<void> {
    const deadline = Date.now() + 3_000;
    while ((await openConnections()) !== expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await openConnections()).toBe(expected);
  }

  test("counts the WebSockets open now", async () => {
    expect(await openConnections()).toBe(0);
    const token = await register(t.app, "ada");
    const phone = await t.connect(token);
    const laptop = await t.connect(token);
    await eventually(2);
    phone.socket.close();
    await phone.closed;
    await eventually(1);
    laptop.terminate();
    await eventually(0);
  });
});
