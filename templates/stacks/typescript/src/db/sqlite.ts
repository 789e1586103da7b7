import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type SqliteDatabase, SqliteDialect } from "kysely";
import Sqlite from "libsql";

/**
 * `sqlite:///./data/app.db` (relative), `sqlite:////var/lib/app.db` (absolute)
 * or `sqlite://` / `sqlite:///:memory:` for a private in-memory database.
 */
export function sqlitePath(url: string): string {
  const rest = url.slice("sqlite://".length);
  if (rest === "" || rest === "/:memory:") {
    return ":memory:";
  }
  if (!rest.startsWith("/")) {
    throw new Error(`DATABASE_URL "${url}" must look like sqlite:///./data/app.db`);
  }
  return rest.slice(1);
}

// The driver cannot bind a boolean (it aborts the process), so they go in as
// SQLite's own 1 and 0; rows read back give numbers, which callers turn into booleans.
const bindable = (value: unknown) => (typeof value === "boolean" ? Number(value) : value);

function kyselyDatabase(database: Sqlite.Database): SqliteDatabase {
  return {
    close: () => database.close(),
    prepare(sql) {
      const statement = database.prepare(sql);
      const bind = (parameters: readonly unknown[]) => parameters.map(bindable);
      return {
        reader: statement.reader,
        all: (parameters) => statement.all(bind(parameters)),
        run: (parameters) => statement.run(bind(parameters)),
        iterate: (parameters) => statement.iterate(bind(parameters)),
      };
    },
  };
}

export function sqliteDialect(url: string): SqliteDialect {
  const path = sqlitePath(url);
  if (path !== ":memory:") {
    mkdirSync(dirname(path), { recursive: true });
  }
  const database = new Sqlite(path);
  // WAL lets readers work while one writer commits; the busy timeout makes a
  // second process wait for the write lock instead of failing at once.
  database.exec("PRAGMA journal_mode = WAL");
  database.exec("PRAGMA busy_timeout = 5000");
  database.exec("PRAGMA foreign_keys = ON");
  return new SqliteDialect({ database: kyselyDatabase(database) });
}
