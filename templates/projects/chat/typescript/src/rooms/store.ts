import type { Kysely } from "kysely";
import { caseKey } from "../case.js";
import type { ChatStore } from "../chat/hub.js";
import type { Database } from "../db/schema.js";
import { MAX_ID } from "../http/fields.js";
import type { Message, Room } from "../schemas.js";
import { now, toTimestamp } from "../timestamps.js";

/** Rooms and the messages posted in them: the database side of both HTTP and live chat. */
export class RoomStore implements ChatStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Throws the unique violation (see db/errors.ts) when the name is taken. */
  async create(name: string): Promise<Room> {
    const row = await this.db
      .insertInto("rooms")
      .values({ name, name_key: caseKey(name), created_at: now() })
      .returning(["id", "name", "created_at"])
      .executeTakeFirstOrThrow();
    return { id: row.id, name: row.name, createdAt: toTimestamp(row.created_at) };
  }

  async list(): Promise<Room[]> {
    const rows = await this.db
      .selectFrom("rooms")
      .select(["id", "name", "created_at"])
      .orderBy("id")
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: toTimestamp(row.created_at),
    }));
  }

  async roomExists(roomId: number): Promise<boolean> {
    // Ids beyond the column's range cannot exist, and PostgreSQL would refuse to compare them.
    if (!Number.isSafeInteger(roomId) || roomId < 1 || roomId > MAX_ID) {
      return false;
    }
    const row = await this.db
      .selectFrom("rooms")
      .select("id")
      .where("id", "=", roomId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The newest `limit` messages of a room with an id below `before`, oldest first. */
  async recentMessages(roomId: number, limit: number, before?: number): Promise<Message[]> {
    let query = this.db
      .selectFrom("messages")
      .innerJoin("users", "users.id", "messages.user_id")
      .select([
        "messages.id",
        "messages.room_id",
        "users.username",
        "messages.body",
        "messages.created_at",
      ])
      .where("messages.room_id", "=", roomId);
    // A cursor past the largest possible id bounds nothing.
    if (before !== undefined && before <= MAX_ID) {
      query = query.where("messages.id", "<", before);
    }
    const rows = await query.orderBy("messages.id", "desc").limit(limit).execute();
    return rows.reverse().map((row) => ({
      id: row.id,
      room: row.room_id,
      user: row.username,
      body: row.body,
      createdAt: toTimestamp(row.created_at),
    }));
  }

  /** Stores a message; the caller knows the author's name, which saves reading it back. */
  async addMessage(
    roomId: number,
    author: { id: number; username: string },
    body: string,
  ): Promise<Message> {
    const row = await this.db
      .insertInto("messages")
      .values({ room_id: roomId, user_id: author.id, body, created_at: now() })
      .returning(["id", "created_at"])
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      room: roomId,
      user: author.username,
      body,
      createdAt: toTimestamp(row.created_at),
    };
  }
}
