import { afterEach, describe, expect, it } from "vitest";
import { OperationTimeoutError, Strata } from "../../src/index.js";
import { fakeServer, json, resource, type FakeServer } from "./fake-server.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("resources", () => {
  it("sends If-Match with the ETag it last saw, and the caller's when given", async () => {
    let version = 1;
    server = await fakeServer((req, res) => {
      if (req.method === "DELETE") return void res.writeHead(204).end();
      if (req.method !== "GET") version++;
      json(res, req.method === "POST" ? 201 : 200, resource("res_1", { version }), { ETag: `"${version}"` });
    });
    const strata = new Strata({ baseUrl: server.url, apiKey: "sk" });
    const created = await strata.resources.create({ type: "ticket", attributes: { title: "a" } });
    expect(strata.resources.etag(created.id)).toBe('"2"');
    await strata.resources.update("res_1", { title: "b" });
    await strata.resources.patch("res_1", { title: null });
    await strata.resources.update("res_1", { title: "c" }, { ifMatch: '"1"' });
    await strata.resources.delete("res_1");
    const [, put, patch, forced, del] = server.requests;
    expect(put!.headers["if-match"]).toBe('"2"');
    expect(JSON.parse(put!.body)).toEqual({ attributes: { title: "b" } });
    expect(patch!.headers["if-match"]).toBe('"3"');
    expect(JSON.parse(patch!.body)).toEqual({ attributes: { title: null } });
    expect(forced!.headers["if-match"]).toBe('"1"');
    expect(del!.headers["if-match"]).toBe('"5"');
    expect(strata.resources.etag("res_1")).toBeUndefined();
  });

  it("reads the resource first when it has seen no ETag for it, and forgets the ETags of resources an action changes", async () => {
    let version = 4;
    server = await fakeServer((req, res) => {
      if (req.method === "DELETE") return void res.writeHead(204).end();
      if (req.path === "/v2/resources/actions") {
        version++;
        return json(res, 202, { operations: [{ id: "op_1", resource_id: "res_9", status: "pending", error: null }] });
      }
      if (req.method === "PATCH") version++;
      json(res, 200, resource("res_9", { version }), { ETag: `"${version}"` });
    });
    const strata = new Strata({ baseUrl: server.url, apiKey: "sk" });
    await strata.resources.patch("res_9", { priority: 2 }); // never seen: GET, then PATCH with its ETag
    expect(server.requests.map((q) => `${q.method} ${q.headers["if-match"] ?? ""}`)).toEqual(["GET ", 'PATCH "4"']);
    await strata.resources.runAction({ action: "approve", resource_ids: ["res_9"] });
    expect(strata.resources.etag("res_9")).toBeUndefined();
    await strata.resources.delete("res_9");
    expect(server.requests.slice(2).map((q) => `${q.method} ${q.headers["if-match"] ?? ""}`)).toEqual(["POST ", "GET ", 'DELETE "6"']);
    await strata.resources.delete("res_9", { ifMatch: "*" });
    expect(server.requests.at(-1)!.headers["if-match"]).toBe("*");
  });

  it("runs an action: POST /v2/resources/actions with the wire's body", async () => {
    server = await fakeServer((_req, res) =>
      json(res, 202, { operations: [{ id: "op_1", resource_id: "res_1", status: "pending", error: null }] }),
    );
    const result = await new Strata({ baseUrl: server.url, apiKey: "sk" }).resources.runAction({
      action: "approve",
      resource_ids: ["res_1"],
      input: { approver: "ops" },
    });
    expect(result.operations[0]!.id).toBe("op_1");
    expect(server.requests[0]!.path).toBe("/v2/resources/actions");
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ action: "approve", resource_ids: ["res_1"], input: { approver: "ops" } });
    expect(server.requests[0]!.headers["idempotency-key"]).toBeTruthy();
  });
});

describe("operations.wait", () => {
  const op = (status: string) => ({
    id: "op_1", tenant_id: "acme", resource_id: "res_1", action: "approve", status, from_state: "open", to_state: "approved",
    steps: [], compensations: [], error: null, created_at: "", updated_at: "", finished_at: null,
  });

  it("polls with backoff until the operation is final", async () => {
    server = await fakeServer((_req, res, i) => json(res, 200, op(i < 3 ? (i === 0 ? "pending" : "running") : "completed")));
    const done = await new Strata({ baseUrl: server.url, apiKey: "sk" }).operations.wait("op_1", { pollIntervalMs: 20, timeoutMs: 5000 });
    expect(done.status).toBe("completed");
    expect(server.requests).toHaveLength(4);
    const gaps = server.requests.slice(1).map((q, i) => q.at - server!.requests[i]!.at);
    expect(gaps[2]!).toBeGreaterThanOrEqual(gaps[0]! - 5); // the pause grows (by half each poll)
    expect(server.requests[0]!.path).toBe("/v2/operations/op_1");
  });

  it("returns failed, compensated and cancelled operations too: they are final", async () => {
    for (const status of ["failed", "compensated", "cancelled"]) {
      const s = await fakeServer((_req, res) => json(res, 200, op(status)));
      await expect(new Strata({ baseUrl: s.url, apiKey: "sk" }).operations.wait("op_1")).resolves.toMatchObject({ status });
      await s.close();
    }
  });

  it("gives up after timeoutMs with an OperationTimeoutError that carries the operation as last seen", async () => {
    server = await fakeServer((_req, res) => json(res, 200, op("waiting")));
    const start = Date.now();
    const err = await new Strata({ baseUrl: server.url, apiKey: "sk" })
      .operations.wait("op_1", { timeoutMs: 300, pollIntervalMs: 50 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationTimeoutError);
    expect((err as OperationTimeoutError).operation).toMatchObject({ id: "op_1", status: "waiting" });
    expect((err as Error).message).toMatch(/op_1 did not finish within 300 ms \(still waiting\)/);
    expect(Date.now() - start).toBeLessThan(1500);
  });
});
