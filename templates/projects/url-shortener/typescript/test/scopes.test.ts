import { describe, expect, test } from "vitest";
import { startApp, stopApp } from "./support/app.js";
import { expectProblem, shorten } from "./support/links.js";

// Each resource's routes are an encapsulated plugin (src/routes/): what the
// links' plugin adds (a rate limit, an error handler) must not reach the redirect.
describe("plugin scopes", () => {
  test("the shorten rate limit counts POST /shorten only", async () => {
    const limited = await startApp({ shortenRateLimitPerMinute: 1 });
    try {
      const { shortCode } = await shorten(limited.app);
      for (let i = 0; i < 3; i += 1) {
        for (const url of [`/${shortCode}`, `/shorten/${shortCode}`]) {
          const response = await limited.app.inject({ method: "GET", url });
          expect(response.statusCode).not.toBe(429);
          expect(response.headers["x-ratelimit-limit"]).toBeUndefined();
        }
      }
      expectProblem(
        await limited.app.inject({
          method: "POST",
          url: "/shorten",
          payload: { url: "https://example.com/" },
        }),
        429,
      );
    } finally {
      await stopApp(limited);
    }
  });
});
