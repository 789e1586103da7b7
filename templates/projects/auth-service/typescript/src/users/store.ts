import type { Kysely, Selectable, Transaction } from "kysely";
import { isPostgres } from "../db/connect.js";
import type { Database, UsersTable } from "../db/schema.js";
import { conflict, notFound } from "../http/problems.js";
import type { Role, User } from "../schemas.js";
import { now, toTimestamp } from "../timestamps.js";

type UserRow = Selectable<UsersTable>;
type Executor = Kysely<Database> | Transaction<Database>;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    createdAt: toTimestamp(row.created_at),
  };
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  role: Role;
}

/** Accounts. Emails arrive lower-cased: the unique index then ignores case. */
export class UserStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts the account; a taken email raises the database's unique violation. */
  async create(user: NewUser, executor: Executor = this.db): Promise<User> {
    const row = await executor
      .insertInto("users")
      .values({
        email: user.email,
        name: user.name,
        password_hash: user.passwordHash,
        role: user.role,
        created_at: now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  }

  async find(id: number, executor: Executor = this.db): Promise<User | undefined> {
    const row = await executor
      .selectFrom("users")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toUser(row);
  }

  /** The account with its password hash, for logging in. */
  async findByEmail(email: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirst();
    return row && { user: toUser(row), passwordHash: row.password_hash };
  }

  async list(page: number, limit: number): Promise<{ data: User[]; total: number }> {
    const { total } = await this.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number | string>().as("total"))
      .executeTakeFirstOrThrow();
    const offset = (page - 1) * limit;
    // A page past the end is empty; skipping the query also keeps huge offsets out of SQL.
    if (offset >= Number(total)) {
      return { data: [], total: Number(total) };
    }
    const rows = await this.db
      .selectFrom("users")
      .selectAll()
      .orderBy("id")
      .limit(limit)
      .offset(offset)
      .execute();
    return { data: rows.map(toUser), total: Number(total) };
  }

  /**
   * Gives user `id` the role; 404 if there is no such user, 409 if that would
   * leave no admin. Two admins demoting each other at once must not both
   * succeed: PostgreSQL locks every admin row first (in id order, so two
   * requests cannot deadlock), and SQLite has a single writer anyway (and
   * Kysely runs one transaction at a time on its one connection).
   */
  async changeRole(id: number, role: Role): Promise<User> {
    return this.db.transaction().execute(async (trx) => {
      if (role === "user" && isPostgres(trx)) {
        await trx
          .selectFrom("users")
          .select("id")
          .where("role", "=", "admin")
          .orderBy("id")
          .forUpdate()
          .execute();
      }
      const row = await trx
        .updateTable("users")
        .set({ role })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        throw notFound(`user ${id} does not exist`);
      }
      // Counted after the write, inside the same transaction, so the count includes it.
      const { admins } = await trx
        .selectFrom("users")
        .select((eb) => eb.fn.countAll<number | string>().as("admins"))
        .where("role", "=", "admin")
        .executeTakeFirstOrThrow();
      if (Number(admins) === 0) {
        // Thrown inside the transaction, so the demotion is rolled back.
        throw conflict(`user ${id} is the last admin: promote another first`);
      }
      return toUser(row);
    });
  }
}
