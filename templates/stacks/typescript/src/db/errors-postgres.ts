/**
 * A unique index refused the row (SQLSTATE 23505). Checking first and
 * inserting after can race; the index cannot, so callers catch this and
 * answer 409.
 */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "23505";
}

// Socket errors of a server that is down, restarting or unreachable.
const NETWORK = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "EAI_AGAIN",
]);

/**
 * The database cannot serve the request now, through no fault of the request:
 * unreachable, shutting down, out of connections (SQLSTATE classes 08 and 53,
 * 57P01–57P03), or no pooled connection within the connect timeout. The
 * client is told to retry (503), and the log says what happened.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (NETWORK.has(code) || /^(08|53)...$|^57P0[123]$/.test(code))) {
    return true;
  }
  // pg-pool and pg say so in words only: a connect timeout, or a connection that ended.
  return /timeout exceeded when trying to connect|Connection terminated|connection timeout/i.test(
    error.message,
  );
}
