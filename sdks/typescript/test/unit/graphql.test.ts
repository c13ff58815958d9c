import { afterEach, describe, expect, it } from "vitest";
import { Strata, StrataGraphQlError, documents, type ResourceByIdQuery } from "../../src/index.js";
import { fakeServer, json, type FakeServer } from "./fake-server.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const resource = {
  id: "res_1",
  type: "ticket",
  typeVersion: 1,
  state: "open",
  attributes: { title: "a" },
  etag: '"1"',
  version: 1,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  resourceType: { name: "ticket", version: 1 },
};

describe("graphql", () => {
  it("posts a typed document with its variables and answers its typed data", async () => {
    server = await fakeServer((_req, res) => json(res, 200, { data: { resource } }));
    const strata = new Strata({ baseUrl: server.url, apiKey: "sk" });
    const data: ResourceByIdQuery = await strata.graphql.request(documents.ResourceById, { id: "res_1" });
    expect(data.resource?.resourceType?.name).toBe("ticket");
    const [sent] = server.requests;
    expect(sent!.method).toBe("POST");
    expect(sent!.path).toBe("/graphql");
    expect(sent!.headers["x-api-key"]).toBe("sk");
    const body = JSON.parse(sent!.body);
    expect(body.query).toContain("query ResourceById($id: ID!)");
    expect(body.variables).toEqual({ id: "res_1" });
  });

  it("checks variables and results against the schema at compile time", () => {
    // types only: tsc (npm run typecheck) fails when these stop being errors
    const strata = new Strata({ baseUrl: "http://127.0.0.1:9", apiKey: "sk" });
    const never = () => {
      // @ts-expect-error id is an ID (a string), not a number
      void strata.graphql.request(documents.ResourceById, { id: 1 });
      // @ts-expect-error id is required
      void strata.graphql.request(documents.ResourceById, {});
      // @ts-expect-error mode is a SearchMode
      void strata.graphql.request(documents.ResourcesPage, { mode: "FUZZY" });
      void strata.graphql.request(documents.ResourcesPage, { mode: "SEMANTIC", query: "printer", first: 5 });
      void strata.graphql.request(documents.ResourceById, { id: "res_1" }).then((data) => {
        // @ts-expect-error the document does not select owner
        void data.resource?.owner;
      });
    };
    expect(typeof never).toBe("function");
  });

  it("throws the answer's errors with their codes, and keeps partial data", async () => {
    server = await fakeServer((_req, res) =>
      json(res, 200, {
        data: { resource: null },
        errors: [{ message: "No resource res_2.", path: ["resource"], extensions: { code: "NOT_FOUND", status: 404 } }],
      }),
    );
    const strata = new Strata({ baseUrl: server.url, apiKey: "sk" });
    const error = await strata.graphql.request(documents.ResourceById, { id: "res_2" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrataGraphQlError);
    expect((error as StrataGraphQlError).code).toBe("NOT_FOUND");
    expect((error as StrataGraphQlError).data).toEqual({ resource: null });
  });

  it("retries a rate-limited request after Retry-After, with the same Idempotency-Key", async () => {
    server = await fakeServer((_req, res, index) =>
      index === 0
        ? json(res, 429, { errors: [{ message: "slow down", extensions: { code: "RATE_LIMITED", retryAfter: 0 } }] }, { "Retry-After": "0" })
        : json(res, 200, { data: { createResource: resource } }),
    );
    const strata = new Strata({ baseUrl: server.url, apiKey: "sk" });
    const data = await strata.graphql.request(documents.CreateResource, { input: { type: "ticket", attributes: { title: "a" } } });
    expect(data.createResource.id).toBe("res_1");
    const [first, second] = server.requests;
    expect(second!.headers["idempotency-key"]).toBe(first!.headers["idempotency-key"]);
  });

  it("answers an untyped string document as unknown data", async () => {
    server = await fakeServer((_req, res) => json(res, 200, { data: { me: { tenantId: "t1" } } }));
    const strata = new Strata({ baseUrl: server.url, apiKey: "sk" });
    expect(await strata.graphql.request("{ me { tenantId } }")).toEqual({ me: { tenantId: "t1" } });
  });
});
