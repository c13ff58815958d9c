import { afterEach, describe, expect, it } from "vitest";
import { Strata, StrataError, StrataSdkError } from "../../src/index.js";
import { fakeServer, json, problem, resource, type FakeServer } from "./fake-server.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const caught = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as StrataError);

describe("error mapping", () => {
  it("maps a validation problem into a StrataError with every member", async () => {
    server = await fakeServer((_req, res) =>
      problem(res, 422, {
        type: "https://strata.io/problems/validation",
        title: "Validation failed",
        detail: "The attributes do not match the schema of ticket v1.",
        instance: "/v2/resources",
        traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
        errors: [
          { pointer: "/attributes/title", message: "is required" },
          { pointer: "/attributes/priority", message: "must be <= 5" },
        ],
      }),
    );
    const err = await caught(new Strata({ baseUrl: server.url, apiKey: "sk" }).resources.create({ type: "ticket", attributes: { priority: 9 } }));
    expect(err).toBeInstanceOf(StrataError);
    expect(err).toBeInstanceOf(StrataSdkError);
    expect(err).toBeInstanceOf(Error);
    expect(err!.name).toBe("StrataError");
    expect(err!.status).toBe(422);
    expect(err!.type).toBe("https://strata.io/problems/validation");
    expect(err!.title).toBe("Validation failed");
    expect(err!.detail).toBe("The attributes do not match the schema of ticket v1.");
    expect(err!.instance).toBe("/v2/resources");
    expect(err!.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(err!.errors).toEqual([
      { pointer: "/attributes/title", message: "is required" },
      { pointer: "/attributes/priority", message: "must be <= 5" },
    ]);
    expect(err!.message).toContain("422 Validation failed");
    expect(err!.message).toContain("4bf92f3577b34da6a3ce929d0e0e4736");
  });

  it("reads trace_id as well as traceId", async () => {
    server = await fakeServer((_req, res) => problem(res, 404, { type: "https://strata.io/problems/not-found", title: "Not found", trace_id: "abc123" }));
    const err = await caught(new Strata({ baseUrl: server.url, apiKey: "sk" }).operations.get("op_x"));
    expect(err).toMatchObject({ status: 404, type: "https://strata.io/problems/not-found", title: "Not found", traceId: "abc123", errors: [] });
    expect(err!.detail).toBeUndefined();
  });

  it("a stale If-Match is a typed 412", async () => {
    server = await fakeServer((req, res) => {
      if (req.method === "GET") return json(res, 200, resource("res_1"), { ETag: '"1"' });
      problem(res, 412, { type: "https://strata.io/problems/precondition-failed", title: "Precondition Failed", detail: "res_1 is at version 2" });
    });
    const strata = new Strata({ baseUrl: server.url, apiKey: "sk" });
    await strata.resources.get("res_1");
    const err = await caught(strata.resources.update("res_1", { title: "x" }));
    expect(err).toMatchObject({ status: 412, title: "Precondition Failed", detail: "res_1 is at version 2" });
    expect(server.requests[1]!.headers["if-match"]).toBe('"1"');
  });

  it("an answer that is not a problem still maps (status, title from the status line, text as detail)", async () => {
    server = await fakeServer((_req, res) => {
      res.writeHead(502, "Bad Gateway", { "Content-Type": "text/plain" });
      res.end("upstream connect error");
    });
    const err = await caught(new Strata({ baseUrl: server.url, apiKey: "sk", retry: { maxRetries: 0 } }).resources.get("res_1"));
    expect(err).toMatchObject({ status: 502, type: "about:blank", title: "Bad Gateway", detail: "upstream connect error", errors: [] });
  });

  it("an empty error answer maps too", async () => {
    server = await fakeServer((_req, res) => void res.writeHead(403, { "Content-Length": "0" }).end());
    const err = await caught(new Strata({ baseUrl: server.url, apiKey: "sk" }).resources.delete("res_1"));
    expect(err).toBeInstanceOf(StrataError);
    expect(err!.status).toBe(403);
  });
});
