import { expect } from "vitest";

interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): unknown;
}

/** Checks that `response` is an RFC 9457 problem with `status`, and returns its body. */
export function expectProblem(response: Answer, status: number): Record<string, unknown> {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const body = response.json() as Record<string, unknown>;
  expect(body).toMatchObject({ type: "about:blank", status, detail: expect.any(String) });
  return body;
}

/** The fields a 400 names, in order. */
export function fieldsOf(response: Answer): string[] {
  const body = expectProblem(response, 400) as { errors: { field: string }[] };
  return body.errors.map((error) => error.field);
}
