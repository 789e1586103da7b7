import type { FastifyInstance } from "fastify";
import { expect } from "vitest";

export { expectProblem, fieldsOf } from "./problems.js";

export interface LinkBody {
  id: number;
  url: string;
  shortCode: string;
  createdAt: string;
  updatedAt: string;
}

export const RFC3339_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Creates a link and returns it as the API shows it. */
export async function shorten(
  app: FastifyInstance,
  url = "https://example.com/",
  extra: Record<string, unknown> = {},
): Promise<LinkBody> {
  const response = await app.inject({
    method: "POST",
    url: "/shorten",
    payload: { url, ...extra },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** Values for `test.each` titled with `$name`, which Vitest shortens (`%s` it does not). */
export function named<Value>(values: Value[]): { value: Value; name: string }[] {
  return values.map((value) => ({
    value,
    name: typeof value === "string" ? value : JSON.stringify(value),
  }));
}
