/**
 * A unique index refused the row (SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY).
 * Checking first and inserting after can race; the index cannot, so callers
 * catch this and answer 409.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/**
 * The database cannot serve the request now, through no fault of the request:
 * another process held the write lock past the busy timeout, or the file
 * cannot be opened or written. The client is told to retry (503).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === "string" && /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|READONLY)(_|$)/.test(code)
  );
}
