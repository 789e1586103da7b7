import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";

interface Operation {
  responses: Record<string, { content?: Record<string, unknown> }>;
}

describe("the OpenAPI document", () => {
  const t = useApp();

  test("is served at /openapi.json, lists itself and leaves out the probes", async () => {
    const response = await t.app.inject({ method: "GET", url: "/openapi.json" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    const document = response.json();
    expect(document.openapi).toBe("3.1.0");
    const paths = Object.keys(document.paths);
    expect(paths).toContain("/openapi.json");
    expect(paths).toContain("/metrics");
    for (const probe of ["/healthz", "/readyz"]) {
      expect(paths).not.toContain(probe);
    }
    expect(document.paths["/openapi.json"].get.responses["200"]).toBeDefined();
  });

  test("gives every operation a success and describes its failures in RealWorld's shape", async () => {
    const document = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
    for (const [path, operations] of Object.entries<Record<string, Operation>>(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const codes = Object.keys(operation.responses);
        expect(
          codes.some((code) => /^[23]/.test(code)),
          `${method} ${path}`,
        ).toBe(true);
        for (const code of codes.filter((code) => /^[45]/.test(code))) {
          const media = Object.keys(operation.responses[code]?.content ?? {});
          expect(media, `${method} ${path} ${code}`).toEqual(["application/json"]);
        }
      }
    }
  });

  test("names RealWorld's Token scheme and marks where a token is optional", async () => {
    const document = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
    expect(document.components.securitySchemes.token).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "Authorization",
    });
    expect(document.paths["/api/user"].get.security).toEqual([{ token: [] }]);
    expect(document.paths["/api/articles"].get.security).toEqual([{}, { token: [] }]);
  });
});
