import { describe, expect, test } from "vitest";
import { location } from "../src/routes/redirects.js";
import { useApp } from "./support/app.js";
import { expectProblem, named, shorten } from "./support/links.js";

const CONCURRENT_REDIRECTS = 50;

describe("redirects", () => {
  const t = useApp();
  const follow = (code: string, method: "GET" | "HEAD" = "GET") =>
    t.app.inject({ method, url: `/${code}` });
  const accessCount = async (code: string): Promise<number> =>
    (await t.app.inject({ method: "GET", url: `/shorten/${code}/stats` })).json().accessCount;

  test("a short link redirects with 302 and no-store", async () => {
    const link = await shorten(t.app, "https://example.com/some/page?q=1#top");
    const response = await follow(link.shortCode);
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe("https://example.com/some/page?q=1#top");
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.body).toBe("");
  });

  test("an alias redirects too", async () => {
    await shorten(t.app, "https://example.com/promo", { alias: "Spring_Sale-2" });
    expect((await follow("Spring_Sale-2")).headers.location).toBe("https://example.com/promo");
  });

  test("characters beyond ASCII are percent-encoded in Location", async () => {
    const { shortCode } = await shorten(t.app, "https://例え.jp/ü?a=%20");
    expect((await follow(shortCode)).headers.location).toBe(
      "https://%E4%BE%8B%E3%81%88.jp/%C3%BC?a=%20",
    );
  });

  test("Location keeps printable ASCII as it is", () => {
    const url = "https://example.com/a|b^c{d}~e?x=%2F&y=[1]#f";
    expect(location(url)).toBe(url);
    expect(location("https://example.com/😀")).toBe("https://example.com/%F0%9F%98%80");
  });

  test("the redirect follows an update", async () => {
    const { shortCode } = await shorten(t.app, "https://example.com/old");
    await t.app.inject({
      method: "PUT",
      url: `/shorten/${shortCode}`,
      payload: { url: "https://example.com/new" },
    });
    expect((await follow(shortCode)).headers.location).toBe("https://example.com/new");
  });

  test.each(
    named([
      "nope123",
      "ab",
      "x".repeat(33),
      "x".repeat(200),
      "dot.ted",
      "%00abc",
      "%E2%9C%93abc",
      "docs",
    ]),
  )("the unknown code $name is 404", async ({ value: code }) => {
    const response = await follow(code);
    expectProblem(response, 404);
    expect(response.headers.location).toBeUndefined();
  });

  test("codes are case-sensitive", async () => {
    await shorten(t.app, "https://example.com/", { alias: "MixedCase" });
    expect((await follow("MixedCase")).statusCode).toBe(302);
    expectProblem(await follow("mixedcase"), 404);
    expectProblem(await follow("MIXEDCASE"), 404);
  });

  test("routes win over codes", async () => {
    expect((await follow("healthz")).json()).toEqual({ status: "ok" });
    expect((await follow("openapi.json")).statusCode).toBe(200);
    expectProblem(await follow("shorten"), 405);
  });

  test("a HEAD is answered like a GET but is not a visit", async () => {
    const link = await shorten(t.app);
    const response = await follow(link.shortCode, "HEAD");
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(link.url);
    expect(await accessCount(link.shortCode)).toBe(0);
    expect((await follow("nope123", "HEAD")).statusCode).toBe(404);
  });

  test("every redirect counts one access", async () => {
    const { shortCode } = await shorten(t.app);
    for (const expected of [1, 2, 3]) {
      await follow(shortCode);
      expect(await accessCount(shortCode)).toBe(expected);
    }
  });

  test("concurrent redirects are all counted", async () => {
    const link = await shorten(t.app);
    // On PostgreSQL these run over several pooled connections at once.
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT_REDIRECTS }, () => follow(link.shortCode)),
    );
    expect(responses.map((response) => [response.statusCode, response.headers.location])).toEqual(
      Array.from({ length: CONCURRENT_REDIRECTS }, () => [302, link.url]),
    );
    expect(await accessCount(link.shortCode)).toBe(CONCURRENT_REDIRECTS);
  });

  test("the redirect is documented with its Location", async () => {
    const document = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const operation = document.paths["/{code}"].get;
    expect(operation.responses["302"].headers.Location.schema).toEqual({ type: "string" });
    expect(Object.keys(operation.responses)).toContain("404");
  });
});
