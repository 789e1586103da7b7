import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";
import { fieldErrors, uniqueQueue } from "./support/jobs.js";

const tooDeep = `{"leaseToken":"t","result":${"[".repeat(300)}${"]".repeat(300)}}`;

// The JSON body parser is set once, in the plugin that holds both resources
// (src/routes/index.ts): the jobs' routes and the leases' take it alike.
describe("plugin scopes", () => {
  const t = useApp();

  test.each([
    ["a job's route", () => `/queues/${uniqueQueue()}/jobs`],
    ["a lease's route", () => `/jobs/${randomUUID()}/ack`],
  ])("the API's JSON parser reaches %s", async (_name, url) => {
    const response = await t.app.inject({
      method: "POST",
      url: url(),
      headers: { "content-type": "application/json" },
      payload: tooDeep,
    });
    expect(fieldErrors(response)).toEqual([["body", "must not nest more than 256 levels deep"]]);
  });
});
