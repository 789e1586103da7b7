import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

declare module "fastify" {
  interface FastifyInstance {
    /** The registry `/metrics` serves: a project adds its own metrics to it. */
    metrics: Registry;
  }
}

const LABELS = ["method", "route", "status"] as const;

/**
 * The route as the OpenAPI document spells it (`/items/{id}`), or `unmatched`:
 * never the raw path, so the number of label values stays bounded.
 */
export function routeLabel(request: FastifyRequest): string {
  const url = request.routeOptions.url;
  if (request.is404 || url === undefined) {
    return "unmatched";
  }
  return url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

/**
 * Prometheus metrics at `GET /metrics`: requests by method, route and status,
 * their latency, and the process's own (CPU, memory, event loop). Each app
 * has a registry of its own, so tests can build as many apps as they like.
 */
export const metrics = fp(
  async (app: FastifyInstance) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const requests = new Counter({
      name: "http_requests_total",
      help: "HTTP requests answered, by method, route template and status.",
      labelNames: LABELS,
      registers: [registry],
    });
    const duration = new Histogram({
      name: "http_request_duration_seconds",
      help: "Time to answer an HTTP request, by method, route template and status.",
      labelNames: LABELS,
      registers: [registry],
    });
    app.decorate("metrics", registry);

    // Counted as the response is sent, not after (onResponse): a client that reads
    // /metrics right after its answer must find that answer counted.
    app.addHook("onSend", async (request, reply, payload) => {
      const labels = {
        method: request.method,
        route: routeLabel(request),
        status: String(reply.statusCode),
      };
      requests.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
      return payload;
    });

    app.get(
      "/metrics",
      {
        schema: {
          summary: "Metrics in the Prometheus text format",
          tags: ["operations"],
          response: {
            200: {
              description: "Prometheus text exposition format 0.0.4.",
              content: { "text/plain": { schema: { type: "string" } } },
            },
          },
        },
      },
      async (_request, reply) => {
        reply.type(registry.contentType);
        return registry.metrics();
      },
    );
  },
  { name: "metrics" },
);
