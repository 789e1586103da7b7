import { describe, expect, test } from "vitest";
import { useApp } from "./support/app.js";
import { expectProblem, fieldsOf, named, shorten } from "./support/links.js";

// Codes no link has: unknown, too short or long, characters a code never holds.
const MISSING_CODES = [
  "nope123",
  "ab",
  "x".repeat(33),
  "x".repeat(200),
  "dot.ted",
  "%00abc",
  "%F0%9F%8E%89abc",
  "a%2Fb",
  "%20",
  "shorten",
];

describe("links", () => {
  const t = useApp();
  const request = (method: "GET" | "PUT" | "DELETE", url: string, payload?: object) =>
    t.app.inject({ method, url, ...(payload && { payload }) });

  test("GET returns the link", async () => {
    const link = await shorten(t.app);
    const response = await request("GET", `/shorten/${link.shortCode}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(link);
  });

  test.each(named(MISSING_CODES))("$name is 404 on every operation", async ({ value: code }) => {
    const responses = [
      await request("GET", `/shorten/${code}`),
      await request("PUT", `/shorten/${code}`, { url: "https://example.com/" }),
      await request("DELETE", `/shorten/${code}`),
      await request("GET", `/shorten/${code}/stats`),
    ];
    for (const response of responses) {
      expectProblem(response, 404);
    }
  });

  test("PUT changes the URL and moves updatedAt", async () => {
    const link = await shorten(t.app, "https://example.com/old");
    const response = await request("PUT", `/shorten/${link.shortCode}`, {
      url: "https://example.org/new",
    });
    expect(response.statusCode).toBe(200);
    const updated = response.json();
    expect(updated).toMatchObject({
      id: link.id,
      shortCode: link.shortCode,
      url: "https://example.org/new",
      createdAt: link.createdAt,
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(link.updatedAt));
    expect((await request("GET", `/shorten/${link.shortCode}`)).json()).toEqual(updated);
  });

  test("every PUT moves updatedAt forward, even within a millisecond", async () => {
    const { shortCode } = await shorten(t.app);
    const stamps: string[] = [];
    for (let n = 0; n < 4; n += 1) {
      const response = await request("PUT", `/shorten/${shortCode}`, {
        url: `https://example.com/${n}`,
      });
      stamps.push(response.json().updatedAt);
    }
    expect(stamps).toEqual([...new Set(stamps)].sort());
  });

  test.each(
    named<object>([
      {},
      { url: null },
      { url: 5 },
      { url: "" },
      { url: "not a url" },
      { url: "mailto:a@example.com" },
      { url: `https://example.com/${"a".repeat(2030)}` },
    ]),
  )("PUT refuses $name and changes nothing", async ({ value: payload }) => {
    const link = await shorten(t.app);
    expect(fieldsOf(await request("PUT", `/shorten/${link.shortCode}`, payload))).toEqual(["url"]);
    expect((await request("GET", `/shorten/${link.shortCode}`)).json()).toEqual(link);
  });

  test("PUT of a body that is not JSON names the body", async () => {
    const link = await shorten(t.app);
    const response = await t.app.inject({
      method: "PUT",
      url: `/shorten/${link.shortCode}`,
      headers: { "content-type": "application/json" },
      payload: "{url}",
    });
    expect(fieldsOf(response)).toEqual(["body"]);
  });

  test("PUT keeps the access count", async () => {
    const { shortCode } = await shorten(t.app);
    await request("GET", `/${shortCode}`);
    await request("PUT", `/shorten/${shortCode}`, { url: "https://example.org/" });
    expect((await request("GET", `/shorten/${shortCode}/stats`)).json().accessCount).toBe(1);
  });

  test("DELETE removes the link", async () => {
    const { shortCode } = await shorten(t.app);
    const response = await request("DELETE", `/shorten/${shortCode}`);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expectProblem(await request("GET", `/shorten/${shortCode}`), 404);
    expectProblem(await request("GET", `/${shortCode}`), 404);
    expectProblem(await request("DELETE", `/shorten/${shortCode}`), 404);
  });

  test("two DELETEs racing: one is 204, the other 404", async () => {
    const { shortCode } = await shorten(t.app);
    const responses = await Promise.all(
      [1, 2].map(() => request("DELETE", `/shorten/${shortCode}`)),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([204, 404]);
  });

  test("a deleted alias is free again", async () => {
    await shorten(t.app, "https://example.com/", { alias: "promo" });
    await request("DELETE", "/shorten/promo");
    const again = await shorten(t.app, "https://example.org/", { alias: "promo" });
    expect(again.url).toBe("https://example.org/");
  });

  test("stats add the access count", async () => {
    const link = await shorten(t.app);
    const response = await request("GET", `/shorten/${link.shortCode}/stats`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ...link, accessCount: 0 });
  });

  test("only redirects count as accesses", async () => {
    const { shortCode } = await shorten(t.app);
    await request("GET", `/shorten/${shortCode}`);
    await request("GET", `/shorten/${shortCode}/stats`);
    for (let n = 0; n < 3; n += 1) {
      expect((await request("GET", `/${shortCode}`)).statusCode).toBe(302);
    }
    expect((await request("GET", `/shorten/${shortCode}/stats`)).json().accessCount).toBe(3);
  });

  test.each([
    ["PATCH", "/shorten/abc123", "DELETE, GET, HEAD, PUT"],
    ["GET", "/shorten", "POST"],
    ["HEAD", "/shorten", "POST"],
    ["PATCH", "/shorten", "POST"],
    ["OPTIONS", "/shorten", "POST"],
    ["POST", "/shorten/abc123/stats", "GET, HEAD"],
    ["POST", "/abc123", "GET, HEAD"],
  ] as const)("%s %s is 405, allowing %s", async (method, url, allowed) => {
    const response = await t.app.inject({ method, url });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe(allowed);
    if (method !== "HEAD") {
      expectProblem(response, 405);
    }
  });

  test("an unknown nested route is 404", async () => {
    expectProblem(await t.app.inject({ method: "GET", url: "/no/such/route" }), 404);
  });
});
