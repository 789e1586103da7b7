import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { isUniqueViolation } from "../db/errors.js";
import { HttpProblem, notFound, problemResponses } from "../http/problems.js";
import {
  CreateProduct,
  Product,
  ProductPage,
  ProductParams,
  ProductQuery,
  UpdateProduct,
} from "../schemas.js";
import { ProductStore } from "../shop/products.js";

const secured = [{ bearer: [] }];

const skuTaken = () =>
  new HttpProblem(409, "a product with this sku exists", [
    { field: "sku", message: "is already taken (without regard to case)" },
  ]);

/** `/products`: everyone browses the active ones; admins add and change them. */
export async function productRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const products = new ProductStore(app.db);

  app.get(
    "",
    {
      schema: {
        tags: ["products"],
        summary: "Active products, searched with q, sorted with sort, paged",
        querystring: ProductQuery,
        response: { 200: ProductPage, ...problemResponses(400) },
      },
    },
    async (request) => {
      const { page = 1, limit = 20, sort = "createdAt", q } = request.query;
      const { data, total } = await products.list({ page, limit, sort, q });
      return { data, page, limit, total };
    },
  );

  app.get(
    "/:id",
    {
      onRequest: app.identify,
      schema: {
        tags: ["products"],
        summary: "One product (an inactive one only for admins)",
        params: ProductParams,
        response: { 200: Product, ...problemResponses(404) },
      },
    },
    async (request) => {
      const product = await products.find(request.params.id);
      if (!product || (!product.active && request.caller?.role !== "admin")) {
        throw notFound(`product ${request.params.id} does not exist`);
      }
      return product;
    },
  );

  app.post(
    "",
    {
      onRequest: app.authenticateAdmin,
      schema: {
        tags: ["products"],
        summary: "Add a product (admins)",
        security: secured,
        body: CreateProduct,
        response: { 201: Product, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      try {
        return reply.code(201).send(await products.create(request.body));
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw skuTaken();
        }
        throw error;
      }
    },
  );

  app.patch(
    "/:id",
    {
      onRequest: app.authenticateAdmin,
      schema: {
        tags: ["products"],
        summary: "Change name, description, price, stock or active (admins)",
        security: secured,
        params: ProductParams,
        body: UpdateProduct,
        response: { 200: Product, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const product = await products.find(request.params.id);
      if (!product) {
        throw notFound(`product ${request.params.id} does not exist`);
      }
      return products.update(product, request.body);
    },
  );
}
