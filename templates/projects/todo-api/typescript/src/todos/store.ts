import { type Kysely, type Selectable, sql } from "kysely";
import { isPostgres } from "../db/connect.js";
import type { Database, TodosTable } from "../db/schema.js";
import type { CreateTodo, Sort, Todo, UpdateTodo } from "../schemas.js";
import { laterThan, now, toTimestamp } from "../timestamps.js";

type TodoRow = Selectable<TodosTable>;

function toTodo(row: TodoRow): Todo {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    completed: Boolean(row.completed),
    createdAt: toTimestamp(row.created_at),
    updatedAt: toTimestamp(row.updated_at),
  };
}

/** `%`, `_` and the escape character itself match only themselves in LIKE. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface ListFilter {
  completed?: boolean | undefined;
  q?: string | undefined;
  sort: Sort;
  page: number;
  limit: number;
}

/** The todos of one user: every query is scoped to its owner. */
export class TodoStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(userId: number, input: CreateTodo): Promise<Todo> {
    const timestamp = now();
    const row = await this.db
      .insertInto("todos")
      .values({
        user_id: userId,
        title: input.title,
        description: input.description ?? "",
        completed: false,
        created_at: timestamp,
        updated_at: timestamp,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTodo(row);
  }

  /** The todo with its owner's id, whoever owns it; undefined if there is none. */
  async find(id: number): Promise<{ ownerId: number; todo: Todo } | undefined> {
    const row = await this.db
      .selectFrom("todos")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row && { ownerId: row.user_id, todo: toTodo(row) };
  }

  async update(id: number, input: UpdateTodo, previous: Todo): Promise<Todo> {
    const row = await this.db
      .updateTable("todos")
      .set({
        title: input.title,
        description: input.description ?? previous.description,
        completed: input.completed ?? previous.completed,
        updated_at: laterThan(previous.updatedAt),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTodo(row);
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom("todos").where("id", "=", id).execute();
  }

  async list(userId: number, filter: ListFilter): Promise<{ data: Todo[]; total: number }> {
    let query = this.db.selectFrom("todos").where("user_id", "=", userId);
    if (filter.completed !== undefined) {
      query = query.where("completed", "=", filter.completed);
    }
    if (filter.q) {
      const pattern = likePattern(filter.q);
      query = query.where(
        sql<boolean>`(lower(title) like ${pattern} escape '\\' or lower(description) like ${pattern} escape '\\')`,
      );
    }
    const { total } = await query
      .select((eb) => eb.fn.countAll<number | string>().as("total"))
      .executeTakeFirstOrThrow();
    const direction = filter.sort.startsWith("-") ? "desc" : "asc";
    // Titles sort by code point on both databases: PostgreSQL would otherwise use its locale.
    const key = filter.sort.endsWith("createdAt")
      ? sql.ref("created_at")
      : isPostgres(this.db)
        ? sql`title collate "C"`
        : sql.ref("title");
    const rows = await query
      .selectAll()
      .orderBy(key, direction)
      .orderBy("id", "asc")
      .limit(filter.limit)
      .offset((filter.page - 1) * filter.limit)
      .execute();
    return { data: rows.map(toTodo), total: Number(total) };
  }
}
