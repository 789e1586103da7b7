import { describe, expect, test } from "vitest";
import { URL_PATTERN } from "../src/schemas.js";
import { startApp, stopApp, useApp } from "./support/app.js";
import { expectProblem, fieldsOf, named, RFC3339_MILLIS, shorten } from "./support/links.js";

const post = (app: ReturnType<typeof useApp>["app"], payload: unknown) =>
  app.inject({ method: "POST", url: "/shorten", payload: payload as object });

describe("POST /shorten", () => {
  const t = useApp();

  test("returns a link with a random code", async () => {
    const link = await shorten(t.app, "https://example.com/a");
    expect(Object.keys(link).sort()).toEqual(["createdAt", "id", "shortCode", "updatedAt", "url"]);
    expect(link.url).toBe("https://example.com/a");
    expect(link.shortCode).toMatch(/^[A-Za-z0-9]{6,10}$/);
    expect(link.createdAt).toMatch(RFC3339_MILLIS);
    expect(link.updatedAt).toBe(link.createdAt);
  });

  test.each(
    named([
      "http://example.com",
      "HTTPS://EXAMPLE.COM/A",
      "HTTP://Example.COM:8080/a/../b/?q=a%20b&q=2#Top",
      "https://example.com:8443/path?query=1&b=%2F#fragment",
      "http://127.0.0.1:8080/",
      "http://localhost",
      "https://例え.jp/パス?q=ü",
      "https://bücher.example/straße",
      "https://example.com/a|b^c{d}",
      `https://example.com/${"a".repeat(2028)}`,
      `https://example.com/${"é".repeat(2028)}`,
    ]),
  )("stores $name exactly as given", async ({ value: url }) => {
    const link = await shorten(t.app, url);
    expect(link.url).toBe(url);
    const read = await t.app.inject({ method: "GET", url: `/shorten/${link.shortCode}` });
    expect(read.json().url).toBe(url);
  });

  test("the same URL twice gives two links", async () => {
    const first = await shorten(t.app);
    const second = await shorten(t.app);
    expect(first.id).not.toBe(second.id);
    expect(first.shortCode).not.toBe(second.shortCode);
  });

  test.each(
    named<unknown>([
      "",
      "example.com",
      "//example.com/",
      "/relative/path",
      "ftp://example.com/file",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "mailto:a@example.com",
      "http:example.com",
      "http://",
      "http:///path",
      "https://:443/",
      "https://user:secret@example.com/",
      "http://user@example.com/",
      "http://example.com:port/",
      "http://example.com:123456/",
      "http://example .com/",
      "http://example.com/a b",
      "http://example.com/\t",
      "http://example.com/\u007f",
      "http://example.com/\r\nSet-Cookie: a=b",
      "https://example.com/\u0000",
      "http://[::1]:8080/",
      "http://example.com\\@evil.example/",
      `https://example.com/${"a".repeat(2029)}`,
      5,
      null,
      true,
      ["https://example.com/"],
      { href: "https://example.com/" },
    ]),
  )("refuses the url $name", async ({ value: url }) => {
    expect(fieldsOf(await post(t.app, { url }))).toEqual(["url"]);
  });

  test("says what a URL must be", async () => {
    const body = expectProblem(await post(t.app, { url: "ftp://example.com/" }), 400);
    expect(body.errors).toEqual([
      {
        field: "url",
        message: "must be an absolute http or https URL, without spaces or user:password@",
      },
    ]);
    const long = expectProblem(
      await post(t.app, { url: `https://example.com/${"a".repeat(2029)}` }),
      400,
    );
    expect(long.errors).toEqual([{ field: "url", message: "must be at most 2048 characters" }]);
  });

  test("refuses a URL holding a lone surrogate", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/shorten",
      headers: { "content-type": "application/json" },
      payload: '{"url": "https://example.com/\\ud800"}',
    });
    expect(fieldsOf(response)).toEqual(["url"]);
  });

  test("names a missing url", async () => {
    const body = expectProblem(await post(t.app, { alias: "abc" }), 400);
    expect(body.errors).toEqual([{ field: "url", message: "is required" }]);
  });

  test.each(["{not json", "", "[1]", '"https://example.com/"', "null", "7"])(
    "names the body when it is %j",
    async (payload) => {
      const response = await t.app.inject({
        method: "POST",
        url: "/shorten",
        headers: { "content-type": "application/json" },
        payload,
      });
      expect(fieldsOf(response)).toEqual(["body"]);
    },
  );

  test("refuses a body over a megabyte", async () => {
    const url = `https://example.com/${"a".repeat(2_000_000)}`;
    expectProblem(await post(t.app, { url }), 413);
  });
});

describe("the OpenAPI document", () => {
  const t = useApp();

  test("states the rules that POST /shorten checks", async () => {
    const document = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const operation = document.paths["/shorten"].post;
    const schema = operation.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(["url"]);
    expect(schema.properties.url.maxLength).toBe(2048);
    expect(schema.properties.url.pattern).toBe(URL_PATTERN);
    expect(schema.properties.alias.not.enum).toContain("shorten");
    expect(schema.properties.alias).not.toHaveProperty("default");
    expect(Object.keys(operation.responses).sort()).toEqual(["201", "400", "409", "429"]);
  });
});

describe("aliases", () => {
  const t = useApp();

  test("an alias becomes the short code", async () => {
    const link = await shorten(t.app, "https://example.com/", { alias: "my-Link_2" });
    expect(link.shortCode).toBe("my-Link_2");
    const read = await t.app.inject({ method: "GET", url: "/shorten/my-Link_2" });
    expect(read.json()).toEqual(link);
  });

  test.each(["abc", "x".repeat(32), "Mixed_Case-09", "---", "Shorten", "DOCS"])(
    "%s is an alias",
    async (alias) => {
      expect((await shorten(t.app, "https://example.com/", { alias })).shortCode).toBe(alias);
    },
  );

  test("aliases are case-sensitive", async () => {
    const upper = await shorten(t.app, "https://example.com/upper", { alias: "Promo" });
    const lower = await shorten(t.app, "https://example.com/lower", { alias: "promo" });
    expect(upper.id).not.toBe(lower.id);
  });

  test.each<[unknown, string]>([
    ["ab", "must be at least 3 characters"],
    ["x".repeat(33), "must be at most 32 characters"],
    ["", "must be at least 3 characters"],
    ["with space", "must contain only letters, digits, '_' and '-'"],
    ["dot.ted", "must contain only letters, digits, '_' and '-'"],
    ["sl/ash", "must contain only letters, digits, '_' and '-'"],
    ["ñandú", "must contain only letters, digits, '_' and '-'"],
    ["tab\t", "must contain only letters, digits, '_' and '-'"],
    ["emoji🎉", "must contain only letters, digits, '_' and '-'"],
    [42, "must be a string"],
    [true, "must be a string"],
    [null, "must be a string"],
  ])("refuses the alias %j", async (alias, message) => {
    const response = await post(t.app, { url: "https://example.com/", alias });
    const body = expectProblem(response, 400);
    expect(body.errors).toContainEqual({ field: "alias", message });
    expect(fieldsOf(response).every((field) => field === "alias")).toBe(true);
  });

  test.each(["shorten", "healthz", "readyz", "docs", "redoc", "openapi.json"])(
    "refuses %s, which names a route",
    async (alias) => {
      const response = await post(t.app, { url: "https://example.com/", alias });
      // "openapi.json" breaks the pattern as well, and is named for both.
      expect(new Set(fieldsOf(response))).toEqual(new Set(["alias"]));
    },
  );

  test("a reserved alias is named as such", async () => {
    const body = expectProblem(
      await post(t.app, { url: "https://example.com/", alias: "shorten" }),
      400,
    );
    expect(body.errors).toEqual([
      { field: "alias", message: "is reserved: it names a route of this API" },
    ]);
  });

  test("a bad URL and a bad alias are both named", async () => {
    expect(fieldsOf(await post(t.app, { url: "nope", alias: "a b" }))).toEqual(["url", "alias"]);
  });

  test("a taken alias is 409 and the first link stays", async () => {
    await shorten(t.app, "https://example.com/first", { alias: "promo" });
    const response = await post(t.app, { url: "https://example.com/second", alias: "promo" });
    expect(expectProblem(response, 409).detail).toBe("the alias promo is taken");
    const read = await t.app.inject({ method: "GET", url: "/shorten/promo" });
    expect(read.json().url).toBe("https://example.com/first");
  });

  test("an alias cannot take an existing random code", async () => {
    const { shortCode } = await shorten(t.app);
    expectProblem(await post(t.app, { url: "https://example.com/", alias: shortCode }), 409);
  });

  test("two requests racing for one alias: one wins, the other is 409", async () => {
    const responses = await Promise.all(
      ["https://example.com/1", "https://example.com/2"].map((url) =>
        post(t.app, { url, alias: "raced" }),
      ),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
  });
});

describe("the shorten rate limit", () => {
  test("is per client address, answers 429 with Retry-After, and leaves reads alone", async () => {
    const limited = await startApp({ shortenRateLimitPerMinute: 2 });
    try {
      const create = (remoteAddress: string) =>
        limited.app.inject({
          method: "POST",
          url: "/shorten",
          remoteAddress,
          payload: { url: "https://example.com/" },
        });
      const created = [await create("10.0.0.1"), await create("10.0.0.1")];
      expect(created.map((response) => response.statusCode)).toEqual([201, 201]);
      const refused = await create("10.0.0.1");
      expectProblem(refused, 429);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expect((await create("10.0.0.2")).statusCode).toBe(201);
      for (const response of created) {
        const code = response.json().shortCode;
        const read = await limited.app.inject({
          method: "GET",
          url: `/shorten/${code}`,
          remoteAddress: "10.0.0.1",
        });
        expect(read.statusCode).toBe(200);
      }
    } finally {
      await stopApp(limited);
    }
  });
});
