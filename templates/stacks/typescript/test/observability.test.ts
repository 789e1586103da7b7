import { describe, expect, test } from "vitest";
import { startApp, stopApp, useApp } from "./support/app.js";
import { capturedLogger } from "./support/logs.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("X-Request-Id", () => {
  const t = useApp();

  test("a well-formed id from the caller comes back", async () => {
    const response = await t.app.inject({
      url: "/healthz",
      headers: { "x-request-id": "trace-42.a_b" },
    });
    expect(response.headers["x-request-id"]).toBe("trace-42.a_b");
  });

  test.each(["", "a b", "x".repeat(129), "é", "id;drop"])(
    "%j is replaced by a new UUIDv4",
    async (given) => {
      const response = await t.app.inject({ url: "/healthz", headers: { "x-request-id": given } });
      expect(response.headers["x-request-id"]).toMatch(UUID);
    },
  );

  test("every response has one, errors and unknown routes included", async () => {
    for (const url of ["/healthz", "/no-such-route", "/%E0%A4%A"]) {
      const first = await t.app.inject({ url });
      const second = await t.app.inject({ url });
      expect(first.headers["x-request-id"], url).toMatch(UUID);
      expect(second.headers["x-request-id"]).not.toBe(first.headers["x-request-id"]);
    }
  });
});

describe("logs", () => {
  test("one JSON line per request, with its id and without query string or credentials", async () => {
    const { logger, lines, text } = capturedLogger();
    const t = await startApp({}, logger);
    try {
      await t.app.inject({
        url: "/healthz?token=query-secret",
        headers: {
          "x-request-id": "req-1",
          authorization: "Bearer header-secret",
          cookie: "session=cookie-secret",
        },
      });
    } finally {
      await stopApp(t);
    }
    const line = lines.find((entry) => entry.msg === "request completed");
    expect(line).toMatchObject({
      level: "info",
      request_id: "req-1",
      method: "GET",
      path: "/healthz",
      status: 200,
    });
    expect(typeof line?.duration_ms).toBe("number");
    expect(Date.parse(String(line?.time))).not.toBeNaN();
    for (const secret of ["query-secret", "header-secret", "cookie-secret"]) {
      expect(text()).not.toContain(secret);
    }
  });

  test("redaction covers credentials wherever an object logs them", () => {
    const { logger, text } = capturedLogger();
    logger.info(
      {
        req: { headers: { authorization: "Bearer a-secret", cookie: "c-secret" } },
        body: { password: "p-secret", token: "t-secret" },
        password: "top-secret",
      },
      "something",
    );
    for (const secret of ["a-secret", "c-secret", "p-secret", "t-secret", "top-secret"]) {
      expect(text()).not.toContain(secret);
    }
    expect(text()).toContain("[redacted]");
  });
});

describe("metrics", () => {
  const t = useApp();

  test("/metrics counts requests by method, route template and status", async () => {
    await t.app.inject({ url: "/healthz" });
    await t.app.inject({ url: "/healthz" });
    await t.app.inject({ url: "/no/such/route/at/all" });
    const response = await t.app.inject({ url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = response.body;
    expect(body).toContain('http_requests_total{method="GET",route="/healthz",status="200"} 2');
    expect(body).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(body).toMatch(
      /http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/healthz",status="200"\} \d/,
    );
    expect(body).not.toContain("/no/such/route");
    expect(body).toContain("process_cpu_user_seconds_total");
  });

  test("route labels spell path parameters as the OpenAPI document does", async () => {
    const document = (await t.app.inject({ url: "/openapi.json" })).json();
    expect(document.paths["/metrics"].get.responses["200"].content).toHaveProperty("text/plain");
    const templated = Object.keys(document.paths).filter((path) => path.includes("{"));
    for (const path of templated) {
      expect(path).not.toContain(":");
    }
  });
});
