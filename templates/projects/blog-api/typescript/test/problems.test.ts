import Fastify, { type FastifyInstance } from "fastify";
import { Type } from "typebox";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { Id, Text } from "../src/http/fields.js";
import { HttpProblem, notRouted, registerProblems } from "../src/http/problems.js";
import { compileValidator, refuseLoneSurrogates } from "../src/http/validation.js";
import { useApp } from "./support/app.js";

/** A query of the usual shape: numbers parsed from the text, with defaults and bounds. */
const PageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
});

/** A bare app with one route of each kind, to check the error handling on its own. */
async function probeApp(): Promise<FastifyInstance> {
  const app = Fastify({ frameworkErrors: notRouted });
  app.setValidatorCompiler(compileValidator);
  app.addHook("preValidation", refuseLoneSurrogates);
  registerProblems(app);
  app.post(
    "/things",
    {
      schema: {
        body: Type.Object({
          name: Text({ minLength: 1, maxLength: 5 }),
          count: Type.Integer({ minimum: 0 }),
          done: Type.Optional(Type.Boolean()),
        }),
      },
    },
    async (request) => request.body,
  );
  app.get(
    "/things/:id",
    { schema: { params: Type.Object({ id: Id }), querystring: PageQuery } },
    async (request) => ({ params: request.params, query: request.query }),
  );
  app.get("/teapot", async () => {
    throw new HttpProblem(418, "short and stout", undefined, { "Retry-After": "7" });
  });
  app.get("/boom", async () => {
    throw new Error("SELECT secret FROM users");
  });
  return app;
}

const post = (app: FastifyInstance, payload: string) =>
  app.inject({
    method: "POST",
    url: "/things",
    headers: { "content-type": "application/json" },
    payload,
  });

describe("problem details", () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await probeApp();
  });
  afterEach(async () => {
    await app.close();
  });

  test("a body that is not JSON is a 400 naming the body", async () => {
    const response = await post(app, "{'name': 1}");
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.json()).toEqual({
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: "the request is invalid",
      errors: [{ field: "body", message: "must be a JSON object" }],
    });
  });

  test("a body that is JSON but not an object names the body", async () => {
    const response = await post(app, "[1, 2]");
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: "body", message: "must be an object" }]);
  });

  test("every broken field is named, and nothing is coerced", async () => {
    const response = await post(app, JSON.stringify({ name: "", count: "5", done: "yes" }));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: "name", message: "must not be empty" },
      { field: "count", message: "must be an integer" },
      { field: "done", message: "must be a boolean" },
    ]);
  });

  test("a missing field and null for a required one are both 400", async () => {
    const missing = await post(app, JSON.stringify({ name: "ok" }));
    expect(missing.json().errors).toEqual([{ field: "count", message: "is required" }]);
    const nulled = await post(app, JSON.stringify({ name: "ok", count: null }));
    expect(nulled.json().errors).toEqual([{ field: "count", message: "must be an integer" }]);
  });

  test("lengths count code points", async () => {
    const emoji = await post(app, JSON.stringify({ name: "😀😀😀😀😀", count: 1 }));
    expect(emoji.statusCode).toBe(200);
    const over = await post(app, JSON.stringify({ name: "😀😀😀😀😀😀", count: 1 }));
    expect(over.json().errors).toEqual([
      { field: "name", message: "must be at most 5 characters" },
    ]);
  });

  test("text that no database can store is refused, naming its field", async () => {
    const nul = await post(app, JSON.stringify({ name: "a\u0000b", count: 1 }));
    expect(nul.json().errors).toEqual([
      { field: "name", message: "must not contain NUL characters" },
    ]);
    const surrogate = await post(app, '{"name": "a\\ud800", "count": 1}');
    expect(surrogate.statusCode).toBe(400);
    expect(surrogate.json().errors).toEqual([
      { field: "name", message: "must not contain lone surrogates" },
    ]);
    const pair = await post(app, '{"name": "\\ud83d\\ude00", "count": 1}');
    expect(pair.statusCode).toBe(200);
  });

  test("query strings are parsed, but only into what their schema allows", async () => {
    const ok = await app.inject({ method: "GET", url: "/things/3?page=2&limit=100" });
    expect(ok.json()).toEqual({ params: { id: 3 }, query: { page: 2, limit: 100 } });
    const defaults = await app.inject({ method: "GET", url: "/things/3" });
    expect(defaults.json().query).toEqual({ page: 1, limit: 10 });
    for (const spelling of ["1.0", "1e3", "", " 2", "0x10"]) {
      const response = await app.inject({ method: "GET", url: `/things/3?page=${spelling}` });
      expect(response.statusCode, spelling).toBe(400);
    }
    const bad = await app.inject({ method: "GET", url: "/things/3?page=0&limit=101" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { field: "page", message: "must be at least 1" },
      { field: "limit", message: "must be at most 100" },
    ]);
  });

  test("a path id that cannot exist is a 404", async () => {
    for (const id of ["abc", "0", "9007199254740992"]) {
      const response = await app.inject({ method: "GET", url: `/things/${id}` });
      expect(response.statusCode).toBe(404);
      expect(response.json().detail).toBe(`/things/${id} does not exist`);
    }
  });

  test("a known path with another method is a 405 listing the allowed ones", async () => {
    const response = await app.inject({ method: "DELETE", url: "/things" });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe("POST");
    expect(response.json()).toMatchObject({ title: "Method Not Allowed", status: 405 });
    const item = await app.inject({ method: "PUT", url: "/things/7" });
    expect(item.headers.allow).toBe("GET, HEAD");
  });

  test("a QUERY without a body is a 405 like any other method", async () => {
    const response = await app.inject({ method: "QUERY", url: "/things/7" });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe("GET, HEAD");
  });

  test("a path the router refuses is a 404 problem", async () => {
    for (const url of [`/things/${"7".repeat(101)}`, "/things/%E0%A4%A"]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    }
  });

  test("an unknown route is a 404 problem", async () => {
    const response = await app.inject({ method: "GET", url: "/nowhere?x=1" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ status: 404, detail: "no route for GET /nowhere" });
  });

  test("a thrown HttpProblem keeps its status, detail and headers", async () => {
    const response = await app.inject({ method: "GET", url: "/teapot" });
    expect(response.statusCode).toBe(418);
    expect(response.headers["retry-after"]).toBe("7");
    expect(response.json()).toMatchObject({ title: "I'm a Teapot", detail: "short and stout" });
  });

  test("an unexpected error is a bare 500 that leaks nothing", async () => {
    const response = await app.inject({ method: "GET", url: "/boom" });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain("SELECT");
    expect(response.json()).toEqual({
      type: "about:blank",
      title: "Internal Server Error",
      status: 500,
      detail: "the server could not complete the request",
    });
  });
});

describe("requests that match no route", () => {
  test("a fixed path is not also a parametric one, even for a QUERY without a body", async () => {
    const app = Fastify();
    registerProblems(app);
    app.get("/users/me", async () => ({}));
    app.patch("/users/:id", async () => ({}));
    try {
      for (const method of ["OPTIONS", "QUERY", "DELETE"] as const) {
        const response = await app.inject({ method, url: "/users/me" });
        expect(response.statusCode, method).toBe(405);
        expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
        expect(response.headers.allow, method).toBe("GET, HEAD");
      }
      const other = await app.inject({ method: "DELETE", url: "/users/7" });
      expect(other.headers.allow).toBe("PATCH");
      const nowhere = await app.inject({ method: "QUERY", url: "/nowhere" });
      expect(nowhere.statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});

describe("the app (in RealWorld's dialect, see plugins/realworld.ts)", () => {
  const t = useApp();

  test("drops a __proto__ or constructor.prototype key instead of refusing the body", async () => {
    t.app.post("/echo", async (request) => request.body);
    const response = await t.app.inject({
      method: "POST",
      url: "/echo",
      headers: { "content-type": "application/json" },
      payload: '{"a": {"__proto__": {"x": 1}}, "constructor": {"prototype": {"y": 2}}, "b": 1}',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ a: {}, b: 1 });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  test("a body nested far deeper than any schema is refused or accepted, never a 500", async () => {
    t.app.post("/deep", async () => ({ ok: true }));
    const payload = `${"[".repeat(10_000)}"\\ud800"${"]".repeat(10_000)}`;
    const response = await t.app.inject({
      method: "POST",
      url: "/deep",
      headers: { "content-type": "application/json" },
      payload,
    });
    // The shared 400 leaves in RealWorld's dialect: 422 and `{"errors": {field: [...]}}`.
    expect(response.statusCode).toBe(422);
    expect(Object.values(response.json().errors).flat()).toContain(
      "must not contain lone surrogates",
    );
  });
});
