/**
 * A real server on a free port and a WebSocket client that speaks JSON frames,
 * for the tests that need the network: the upgrade, pings, closing, several clients.
 */

import { afterEach, beforeEach, expect } from "vitest";
import WebSocket from "ws";
import type { Config } from "../../src/config.js";
import { startApp, stopApp, type TestApp } from "./app.js";

export type Frame = Record<string, unknown> & { type: string };

const FRAME_TIMEOUT_MS = 3_000;

export interface TestServer extends TestApp {
  /** `ws://127.0.0.1:PORT/ws` */
  wsUrl: string;
}

/** A fresh listening app for every test of the file; every client it opened is closed after. */
export function useServer(overrides: Partial<Config> = {}): TestServer & {
  connect(token: string): Promise<ChatClient>;
} {
  const current = {} as TestServer & { connect(token: string): Promise<ChatClient> };
  const clients: ChatClient[] = [];
  beforeEach(async () => {
    const started = await startApp(overrides);
    await started.app.listen({ host: "127.0.0.1", port: 0 });
    const address = started.app.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    Object.assign(current, started, {
      wsUrl: `ws://127.0.0.1:${port}/ws`,
      connect: async (token: string) => {
        const client = await ChatClient.connect(`ws://127.0.0.1:${port}/ws?token=${token}`);
        clients.push(client);
        return client;
      },
    });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) {
      client.terminate();
    }
    await stopApp(current);
  });
  return current;
}

/** One WebSocket connection; frames are kept in arrival order until a test takes them. */
export class ChatClient {
  private readonly frames: Frame[] = [];
  private readonly waiting: (() => void)[] = [];
  /** Settles with the close code and reason once the connection is closed. */
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      this.frames.push(JSON.parse(data.toString()));
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake();
      });
    });
  }

  static connect(url: string): Promise<ChatClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const client = new ChatClient(socket);
      socket.once("open", () => resolve(client));
      socket.once("error", reject);
    });
  }

  private wake(): void {
    for (const resolve of this.waiting.splice(0)) {
      resolve();
    }
  }

  send(frame: object | string): void {
    this.socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** The next frame; fails if none comes in time or the connection closes first. */
  async next(timeoutMs = FRAME_TIMEOUT_MS): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0 || this.socket.readyState === WebSocket.CLOSED) {
        throw new Error(`no frame within ${timeoutMs} ms`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.frames.shift() as Frame;
  }

  /** The next frame, which must be of type `type`. */
  async nextOfType(type: string): Promise<Frame> {
    const frame = await this.next();
    expect(frame.type, JSON.stringify(frame)).toBe(type);
    return frame;
  }

  /** Every frame that arrives in the next `ms`. */
  async within(ms: number): Promise<Frame[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.frames.splice(0);
  }

  /** Every frame left when the server closes the connection, and the close code. */
  async untilClosed(): Promise<{ frames: Frame[]; code: number }> {
    const { code } = await this.closed;
    return { frames: this.frames.splice(0), code };
  }

  /** Joins a room; returns the history frame's messages and the presence frame's users. */
  async join(room: number): Promise<{ messages: unknown[]; users: string[] }> {
    this.send({ type: "join", room });
    const history = await this.nextOfType("history");
    expect(history.room).toBe(room);
    const presence = await this.nextOfType("presence");
    expect(presence.room).toBe(room);
    return { messages: history.messages as unknown[], users: presence.users as string[] };
  }

  /** Sends a message and returns it as broadcast back to the sender. */
  async say(room: number, body: string): Promise<Frame> {
    this.send({ type: "message", room, body });
    return this.nextOfType("message");
  }

  async expectError(code: string): Promise<Frame> {
    const frame = await this.nextOfType("error");
    expect(frame.code, JSON.stringify(frame)).toBe(code);
    expect(frame.message).toEqual(expect.any(String));
    return frame;
  }

  terminate(): void {
    this.socket.terminate();
  }
}

/** The status, headers and body of a refused upgrade. */
export function refusedUpgrade(
  url: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once("open", () => {
      socket.terminate();
      reject(new Error("the upgrade was accepted"));
    });
    socket.once("unexpected-response", (_request, response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        socket.terminate();
      });
    });
    socket.once("error", () => undefined);
  });
}
