import { describe, expect, test } from "vitest";
import { startApp, stopApp, useApp } from "./support/app.js";
import { shorten } from "./support/links.js";
import { capturedLogger } from "./support/logs.js";

describe("shortener_redirects_total", () => {
  const t = useApp();
  const redirects = async (): Promise<number> => {
    const body = (await t.app.inject({ url: "/metrics" })).body;
    const sample = /^shortener_redirects_total (\d+)$/m.exec(body);
    return Number(sample?.[1] ?? Number.NaN);
  };

  test("counts each redirect, not a HEAD, a miss or a read of the link", async () => {
    const { shortCode } = await shorten(t.app);
    expect(await redirects()).toBe(0);
    await t.app.inject({ url: `/${shortCode}` });
    await t.app.inject({ url: `/${shortCode}` });
    await t.app.inject({ method: "HEAD", url: `/${shortCode}` });
    await t.app.inject({ url: "/no-such-code" });
    await t.app.inject({ url: `/shorten/${shortCode}` });
    expect(await redirects()).toBe(2);
    const body = (await t.app.inject({ url: "/metrics" })).body;
    // The code is no label: one series, however many links there are.
    expect(body).not.toContain(shortCode);
    expect(body).toContain('http_requests_total{method="GET",route="/{code}",status="302"} 2');
  });
});

describe("the log of a redirect", () => {
  test("has the request id, the path without its query string and the status", async () => {
    const { logger, lines } = capturedLogger();
    const t = await startApp({}, logger);
    try {
      const { shortCode } = await shorten(t.app);
      await t.app.inject({
        url: `/${shortCode}?utm=private`,
        headers: { "x-request-id": "visit-1" },
      });
    } finally {
      await stopApp(t);
    }
    expect(lines.find((line) => line.request_id === "visit-1")).toMatchObject({
      msg: "request completed",
      path: expect.stringMatching(/^\/[A-Za-z0-9_-]+$/),
      status: 302,
    });
  });
});
