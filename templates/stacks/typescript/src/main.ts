import { existsSync } from "node:fs";
import { buildApp } from "./app.js";
import { loadConfig } from "./config.js";
import { openDatabase } from "./db/open.js";
import { ConfigError } from "./env.js";

// Settings come from the environment; a local .env fills in what the shell did not set.
if (existsSync(".env")) {
  process.loadEnvFile(".env");
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const db = await openDatabase(config.databaseUrl);
  const app = await buildApp({ config, db, logger: { level: process.env.LOG_LEVEL ?? "info" } });

  // On SIGTERM (docker stop) or Ctrl-C: stop accepting, finish what is in flight, close the pool.
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, "shutting down");
    await app.close();
    await db.destroy();
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));

  await app.listen({ host: config.host, port: config.port });
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error);
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
});
