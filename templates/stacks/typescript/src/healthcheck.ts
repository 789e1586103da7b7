/**
 * The container's HEALTHCHECK: the runtime image has no curl, so Node itself
 * asks `/healthz` and exits 0 or 1.
 */
const port = process.env.PORT ?? "8080";

try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
    signal: AbortSignal.timeout(2_000),
  });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
