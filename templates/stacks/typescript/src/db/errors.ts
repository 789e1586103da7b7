/**
 * A unique index refused the row: SQLite's SQLITE_CONSTRAINT_UNIQUE (or
 * _PRIMARYKEY) or PostgreSQL's SQLSTATE 23505. Checking first and inserting
 * after can race; the index cannot, so callers catch this and answer 409.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY" ||
    code === "23505"
  );
}
