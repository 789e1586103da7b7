import { describe, expect, test } from "vitest";
import { canonicalJson, encodeJson, nestedDeeperThan } from "../src/jobs/json.js";
import { useApp } from "./support/app.js";
import { fieldErrors, uniqueQueue } from "./support/jobs.js";

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("JSON values", () => {
  test("are measured in bytes of their compact encoding", () => {
    expect(encodeJson({ a: "é" })).toEqual({ text: '{"a":"é"}' });
    expect(encodeJson({ a: "é".repeat(10) }, 20)).toEqual({
      error: "must be at most 20 bytes as JSON, not 28",
    });
    expect(encodeJson({ n: Number.POSITIVE_INFINITY })).toHaveProperty("error");
  });

  test("compare with keys sorted at every level", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  test("nesting is counted without parsing, ignoring brackets in strings", () => {
    expect(nestedDeeperThan(nested(3), 3)).toBe(false);
    expect(nestedDeeperThan(nested(4), 3)).toBe(true);
    expect(nestedDeeperThan('{"a":"[[[[\\"[[[["}', 1)).toBe(false);
    expect(nestedDeeperThan('[{"a":[1]},{"b":[2]}]', 3)).toBe(false);
  });
});

describe("request bodies", () => {
  const t = useApp();

  function post(body: string) {
    return t.app.inject({
      method: "POST",
      url: `/queues/${uniqueQueue()}/jobs`,
      headers: { "content-type": "application/json" },
      payload: body,
    });
  }

  test("may nest 256 levels deep", async () => {
    const response = await post(`{"type":"t","payload":{"a":${nested(254)}}}`);
    expect(response.statusCode, response.body).toBe(201);
  });

  test("nested deeper are 400, however deep, never a crash", async () => {
    for (const depth of [256, 100_000]) {
      const response = await post(`{"type":"t","payload":{"a":${nested(depth)}}}`);
      expect(fieldErrors(response)).toEqual([["body", "must not nest more than 256 levels deep"]]);
    }
  });
});
