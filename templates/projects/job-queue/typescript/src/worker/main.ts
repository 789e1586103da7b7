/**
 * `npm run worker` (or `make worker`): runs jobs from the API until SIGTERM or
 * Ctrl-C. It talks to the API only, never to the database, so workers can run
 * anywhere the API is reachable. `--list` prints the job types it handles.
 */

import { existsSync } from "node:fs";
import { ConfigError } from "../env.js";
import { QueueClient } from "./client.js";
import { loadWorkerConfig } from "./config.js";
import { registry } from "./handlers.js";
import { Worker } from "./runner.js";

const USAGE = `usage: node dist/worker/main.js [--list]

Leases jobs from the API at API_URL and runs a handler for each job type.
  --list   print the job types this worker handles, one per line, and exit
Settings come from the environment and .env (see .env.example).
`;

async function main(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.includes("--list")) {
    process.stdout.write(`${registry.types().join("\n")}\n`);
    return 0;
  }
  if (args.length > 0) {
    process.stderr.write(`error: unknown argument ${args[0]}\n${USAGE}`);
    return 2;
  }
  // Settings come from the environment; a local .env fills in what the shell did not set.
  if (existsSync(".env")) {
    process.loadEnvFile(".env");
  }
  const config = loadWorkerConfig(process.env);
  const worker = new Worker(new QueueClient(config.apiUrl), registry, config);
  process.on("SIGTERM", () => worker.stop());
  process.on("SIGINT", () => worker.stop());
  await worker.run();
  return 0;
}

main(process.argv.slice(2)).then(
  // Exit now rather than when the event loop drains: a handler that ignores its
  // abort signal must not keep the process alive after its job was nacked.
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error);
    process.stderr.write(`error: ${message}\n`);
    process.exit(1);
  },
);
