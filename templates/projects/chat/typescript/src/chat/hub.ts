/**
 * The room hub: who is in which room, and delivering frames to them in order.
 *
 * It lives in this process's memory, so it only knows the connections of this
 * process; running several processes would mean publishing stored messages
 * through a broker (Redis, NATS) and keeping presence in a shared store.
 *
 * Ordering: each room takes one turn at a time for storing a message and
 * handing it to every member, and for reading a joiner's history. Storing
 * gives a message its id, so members see a room's messages in id order, and
 * a joiner's history ends exactly where its live messages begin. Rooms do not
 * wait for each other.
 *
 * Back-pressure: handing a frame to a member only puts it in that
 * connection's bounded send queue, so a slow reader never holds up the room;
 * when its queue is full the connection is dropped from every room and told
 * to close.
 */

import type { Message } from "../schemas.js";
import * as frames from "./frames.js";
import { FrameError } from "./frames.js";

export const HISTORY_ON_JOIN = 50;

export interface Author {
  id: number;
  username: string;
}

/** What the hub needs from the database. */
export interface ChatStore {
  roomExists(roomId: number): Promise<boolean>;
  recentMessages(roomId: number, limit: number): Promise<Message[]>;
  addMessage(roomId: number, author: Author, body: string): Promise<Message>;
}

/** Where a connection's frames go: the socket's send queue, or a list in tests. */
export interface Outbox {
  /** Queues a frame without waiting; false when the queue is full and the frame was not taken. */
  push(frame: string): boolean;
  /** The client cannot keep up: end its connection. Called at most once. */
  fellBehind(): void;
}

/** One open socket of a user. */
export class Connection {
  readonly rooms = new Set<number>();
  #closed = false;

  constructor(
    readonly user: Author,
    private readonly outbox: Outbox,
  ) {}

  /** Set once the connection is no longer served: it disconnected or fell behind. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Queues a frame; a full queue ends the connection instead of making anyone wait. */
  send(frame: string): void {
    if (this.#closed) {
      return;
    }
    if (!this.outbox.push(frame)) {
      this.#closed = true;
      this.outbox.fellBehind();
    }
  }

  close(): void {
    this.#closed = true;
  }
}

export class Hub {
  private readonly rooms = new Map<number, Set<Connection>>();
  // The last piece of work queued in each busy room; a room without one is idle.
  private readonly turns = new Map<number, Promise<void>>();

  constructor(private readonly store: ChatStore) {}

  members(roomId: number): Connection[] {
    return [...(this.rooms.get(roomId) ?? [])];
  }

  /** Sends the joiner the room's recent history, then everyone the new presence. */
  async join(connection: Connection, roomId: number): Promise<void> {
    if (!connection.rooms.has(roomId) && !(await this.store.roomExists(roomId))) {
      throw new FrameError("not_found", `room ${roomId} does not exist`);
    }
    await this.inTurn(roomId, async () => {
      const recent = await this.store.recentMessages(roomId, HISTORY_ON_JOIN);
      if (connection.closed) {
        return;
      }
      connection.send(frames.history(roomId, recent));
      if (connection.rooms.has(roomId)) {
        // Joining again changes nobody's view but the joiner's: answer it alone.
        connection.send(this.presence(roomId));
        return;
      }
      let members = this.rooms.get(roomId);
      if (!members) {
        members = new Set();
        this.rooms.set(roomId, members);
      }
      members.add(connection);
      connection.rooms.add(roomId);
      this.broadcast(roomId, this.presence(roomId));
    });
  }

  async leave(connection: Connection, roomId: number): Promise<void> {
    if (!connection.rooms.has(roomId)) {
      throw await this.notJoined(roomId);
    }
    this.remove(connection, roomId);
  }

  /** Stores a message, then hands it to every member of the room, the sender included. */
  async publish(connection: Connection, roomId: number, body: string): Promise<void> {
    if (!connection.rooms.has(roomId)) {
      throw await this.notJoined(roomId);
    }
    await this.inTurn(roomId, async () => {
      const stored = await this.store.addMessage(roomId, connection.user, body);
      this.broadcast(roomId, frames.message(stored));
    });
  }

  /** Takes a connection out of every room; safe to call more than once. */
  disconnect(connection: Connection): void {
    connection.close();
    for (const roomId of [...connection.rooms].sort((a, b) => a - b)) {
      this.remove(connection, roomId);
    }
  }

  private remove(connection: Connection, roomId: number): void {
    // No turn needed: leaving touches only memory and never awaits, so nothing can interleave.
    connection.rooms.delete(roomId);
    const members = this.rooms.get(roomId);
    members?.delete(connection);
    if (members?.size) {
      this.broadcast(roomId, this.presence(roomId));
    } else {
      this.rooms.delete(roomId);
    }
  }

  private broadcast(roomId: number, frame: string): void {
    const members = this.members(roomId);
    for (const member of members) {
      member.send(frame);
    }
    // Members that overflowed leave only once everyone has this frame: the presence
    // frame their leaving causes then comes after it for every member alike.
    for (const member of members) {
      if (member.closed) {
        this.disconnect(member);
      }
    }
  }

  private presence(roomId: number): string {
    return frames.presence(
      roomId,
      this.members(roomId).map((member) => member.user.username),
    );
  }

  private async notJoined(roomId: number): Promise<FrameError> {
    return (await this.store.roomExists(roomId))
      ? new FrameError("not_member", `join room ${roomId} first`)
      : new FrameError("not_found", `room ${roomId} does not exist`);
  }

  /** Runs `work` after every piece of work queued earlier for the same room has finished. */
  private async inTurn(roomId: number, work: () => Promise<void>): Promise<void> {
    const previous = this.turns.get(roomId) ?? Promise.resolve();
    const result = previous.then(work);
    const settled = result.catch(() => undefined);
    this.turns.set(roomId, settled);
    try {
      await result;
    } finally {
      if (this.turns.get(roomId) === settled) {
        this.turns.delete(roomId);
      }
    }
  }
}
