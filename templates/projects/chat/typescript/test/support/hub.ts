/** What the hub tests share: an in-memory store and outbox, to drive the hub without sockets. */

import { type Author, type ChatStore, Connection, type Outbox } from "../../src/chat/hub.js";
import type { Message } from "../../src/schemas.js";

export const ROOM = 1;
export const OTHER_ROOM = 2;

export class MemoryStore implements ChatStore {
  readonly messages: Message[] = [];
  /** Tests set this to hold a write half-way, as a slow database would. */
  writing: Promise<void> | undefined;
  /** Tests set this to make writes fail, as a database that went away would. */
  failure: Error | undefined;

  async roomExists(roomId: number): Promise<boolean> {
    return roomId === ROOM || roomId === OTHER_ROOM;
  }

  async recentMessages(roomId: number, limit: number): Promise<Message[]> {
    return this.messages.filter((message) => message.room === roomId).slice(-limit);
  }

  async addMessage(roomId: number, author: Author, body: string): Promise<Message> {
    const { writing, failure } = this;
    // A real store yields to others while it writes, for varying times.
    await new Promise((resolve) => setTimeout(resolve, this.messages.length % 3));
    await writing;
    if (failure) {
      throw failure;
    }
    const message = {
      id: this.messages.length + 1,
      room: roomId,
      user: author.username,
      body,
      createdAt: new Date().toISOString(),
    };
    this.messages.push(message);
    return message;
  }
}

/** A send queue of `capacity` frames that the test empties by reading it. */
export class MemoryOutbox implements Outbox {
  readonly queued: string[] = [];
  fellBehindCalls = 0;

  constructor(private readonly capacity: number) {}

  push(frame: string): boolean {
    if (this.queued.length >= this.capacity) {
      return false;
    }
    this.queued.push(frame);
    return true;
  }

  fellBehind(): void {
    this.fellBehindCalls += 1;
  }
}

let nextId = 1;
const outboxes = new WeakMap<Connection, MemoryOutbox>();

export function connect(username: string, queueSize = 100): Connection {
  const outbox = new MemoryOutbox(queueSize);
  const connection = new Connection({ id: nextId++, username }, outbox);
  outboxes.set(connection, outbox);
  return connection;
}

export function outboxOf(connection: Connection): MemoryOutbox {
  const outbox = outboxes.get(connection);
  if (!outbox) {
    throw new Error("not a test connection");
  }
  return outbox;
}

export type Frame = Record<string, unknown> & { type: string };

/** Every frame queued for a connection so far, taking them off its queue. */
export function received(connection: Connection): Frame[] {
  return outboxOf(connection)
    .queued.splice(0)
    .map((frame) => JSON.parse(frame));
}

export function forgetFrames(...connections: Connection[]): void {
  for (const connection of connections) {
    received(connection);
  }
}

export function presence(...users: string[]): Frame {
  return { type: "presence", room: ROOM, users };
}
