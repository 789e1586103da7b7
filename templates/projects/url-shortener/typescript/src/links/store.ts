import { type Kysely, type Selectable, sql } from "kysely";
import { type DrawCode, RANDOM_CODE_LENGTHS, randomCode } from "../codes.js";
import { isUniqueViolation } from "../db/errors.js";
import type { Database, LinksTable } from "../db/schema.js";
import type { Link, LinkStats } from "../schemas.js";
import { laterThan, now, toTimestamp } from "../timestamps.js";

type LinkRow = Selectable<LinksTable>;

function toLink(row: LinkRow): Link {
  return {
    id: row.id,
    url: row.url,
    shortCode: row.short_code,
    createdAt: toTimestamp(row.created_at),
    updatedAt: toTimestamp(row.updated_at),
  };
}

function toStats(row: LinkRow): LinkStats {
  return { ...toLink(row), accessCount: row.access_count };
}

/** The links, found by their short code; a code that no link has gives `undefined`. */
export class LinkStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly drawCode: DrawCode = randomCode,
  ) {}

  /** A new link under `alias`, or undefined when that code is taken. */
  async createWithAlias(url: string, alias: string): Promise<Link | undefined> {
    return this.insert(url, alias, now());
  }

  /** A new link under a random code, retried with a longer one while a code is taken. */
  async createWithRandomCode(url: string): Promise<Link> {
    const timestamp = now();
    for (const length of RANDOM_CODE_LENGTHS) {
      const link = await this.insert(url, this.drawCode(length), timestamp);
      if (link) {
        return link;
      }
    }
    // Every draw collided, the last among 62**10 codes: the random source is broken.
    throw new Error("no free short code found");
  }

  async find(code: string): Promise<LinkStats | undefined> {
    const row = await this.db
      .selectFrom("links")
      .selectAll()
      .where("short_code", "=", code)
      .executeTakeFirst();
    return row && toStats(row);
  }

  async updateUrl(code: string, url: string): Promise<Link | undefined> {
    const current = await this.find(code);
    if (!current) {
      return undefined;
    }
    // Only the URL and updatedAt are written, so a redirect counted meanwhile is kept.
    const row = await this.db
      .updateTable("links")
      .set({ url, updated_at: laterThan(current.updatedAt) })
      .where("short_code", "=", code)
      .returningAll()
      .executeTakeFirst();
    return row && toLink(row);
  }

  /** True if the link existed: of two concurrent deletes, only one gets the row back. */
  async delete(code: string): Promise<boolean> {
    const row = await this.db
      .deleteFrom("links")
      .where("short_code", "=", code)
      .returning("id")
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Counts one visit and gives the URL to redirect to. The count goes up in
   * one UPDATE, `access_count = access_count + 1`, which the database applies
   * under the row's lock; reading the count, adding one here and writing it
   * back would lose visits whenever two redirects interleave. RETURNING hands
   * back the URL from the same statement, so a redirect is one round trip.
   */
  async visit(code: string): Promise<string | undefined> {
    const row = await this.db
      .updateTable("links")
      .set({ access_count: sql<number>`access_count + 1` })
      .where("short_code", "=", code)
      .returning("url")
      .executeTakeFirst();
    return row?.url;
  }

  private async insert(url: string, code: string, timestamp: string): Promise<Link | undefined> {
    try {
      const row = await this.db
        .insertInto("links")
        .values({
          url,
          short_code: code,
          access_count: 0,
          created_at: timestamp,
          updated_at: timestamp,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toLink(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        return undefined;
      }
      throw error;
    }
  }
}
