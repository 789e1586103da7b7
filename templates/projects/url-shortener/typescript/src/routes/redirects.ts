import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Counter } from "prom-client";
import { Type } from "typebox";
import { problemResponses } from "../http/problems.js";
import { LinkStore } from "../links/store.js";
import { CodeParams } from "../schemas.js";
import { missing } from "./links.js";

/**
 * The URL as a Location header can carry it. Printable ASCII passes
 * unchanged (so does an existing `%20`); any other character is
 * percent-encoded as UTF-8, which turns an IRI such as `https://例え.jp/`
 * into the URI that browsers decode back. (Spaces and control characters
 * never get this far: the URL pattern refuses them.)
 */
export function location(url: string): string {
  return url.replace(/[^\x21-\x7e]+/gu, (text) => encodeURIComponent(text));
}

/** `GET /:code`: the redirect, counted as a visit. */
export async function redirectRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const links = new LinkStore(app.db);
  const redirects = new Counter({
    name: "shortener_redirects_total",
    help: "Redirects answered (visits counted), over every link: no per-code label, so it stays one series.",
    registers: [app.metrics],
  });

  app.get(
    "/:code",
    {
      schema: {
        tags: ["redirects"],
        params: CodeParams,
        response: {
          302: Type.Null({
            description: "Found: the link's URL is in Location",
            headers: {
              Location: {
                type: "string",
                description: "the link's URL, with characters beyond ASCII percent-encoded",
              },
            },
          }),
          ...problemResponses(404),
        },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      // A HEAD (link checkers, previews) is answered alike but is not a visit.
      const url =
        request.method === "HEAD" ? (await links.find(code))?.url : await links.visit(code);
      if (url === undefined) {
        throw missing(code);
      }
      if (request.method !== "HEAD") {
        redirects.inc();
      }
      // 302, not 301: browsers keep a 301 for good, so their later visits would go
      // uncounted and never see a changed URL. no-store says the same to caches.
      return reply.header("Cache-Control", "no-store").redirect(location(url), 302);
    },
  );
}
