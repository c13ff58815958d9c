import { afterEach, describe, expect, it } from "vitest";
import { Strata, StrataConnectionError, StrataError, StrataTimeoutError, USER_AGENT } from "../../src/index.js";
import { DEFAULT_RETRY, Transport, parseRetryAfter, type Authenticator } from "../../src/transport.js";
import { fakeServer, json, problem, resource, type FakeServer } from "./fake-server.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fast = { initialDelayMs: 5, maxDelayMs: 20 };
const client = (url: string, extra: Partial<ConstructorParameters<typeof Strata>[0]> = {}) =>
  new Strata({ baseUrl: url, apiKey: "sk_test", retry: fast, ...extra } as ConstructorParameters<typeof Strata>[0]);

describe("retries", () => {
  it("retries a 503 and sends the same Idempotency-Key on every attempt of a POST", async () => {
    server = await fakeServer((req, res, i) => {
      if (i < 2) return problem(res, 503, { type: "about:blank", title: "Service Unavailable" });
      json(res, 201, resource("res_1"), { ETag: '"1"' });
    });
    const r = await client(server.url).resources.create({ type: "ticket", attributes: { title: "t" } });
    expect(r.id).toBe("res_1");
    expect(server.requests).toHaveLength(3);
    const keys = server.requests.map((q) => q.headers["idempotency-key"]);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(server.requests.every((q) => q.body === server!.requests[0]!.body)).toBe(true);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ type: "ticket", attributes: { title: "t" } });
  });

  it("gives each POST its own key, and uses the caller's key when given", async () => {
    server = await fakeServer((_req, res) => json(res, 201, resource("res_1")));
    const strata = client(server.url);
    await strata.resources.create({ type: "ticket", attributes: {} });
    await strata.resources.create({ type: "ticket", attributes: {} });
    await strata.resources.create({ type: "ticket", attributes: {} }, { idempotencyKey: "mine-1" });
    const keys = server.requests.map((q) => q.headers["idempotency-key"]);
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys[2]).toBe("mine-1");
  });

  it("sends an Idempotency-Key with PATCH (same on retry) and none with GET, PUT, DELETE", async () => {
    server = await fakeServer((req, res, i) => {
      if (req.method === "PATCH" && i === 0) return problem(res, 429, { title: "Too Many Requests" }, { "Retry-After": "0" });
      if (req.method === "DELETE") return void res.writeHead(204).end();
      json(res, 200, resource("res_1"), { ETag: '"1"' });
    });
    const strata = client(server.url);
    await strata.resources.patch("res_1", { priority: 1 }, { ifMatch: '"1"' });
    await strata.resources.get("res_1");
    await strata.resources.update("res_1", { title: "x" });
    await strata.resources.delete("res_1");
    const [p1, p2, get, put, del] = server.requests;
    expect(p1!.method).toBe("PATCH");
    expect(p1!.headers["idempotency-key"]).toBeTruthy();
    expect(p2!.headers["idempotency-key"]).toBe(p1!.headers["idempotency-key"]);
    expect(p1!.headers["content-type"]).toBe("application/merge-patch+json");
    for (const q of [get, put, del]) expect(q!.headers["idempotency-key"]).toBeUndefined();
  });

  it("honours Retry-After (seconds) on a 429", async () => {
    server = await fakeServer((_req, res, i) => {
      if (i === 0) return problem(res, 429, { title: "Too Many Requests" }, { "Retry-After": "1" });
      json(res, 200, resource("res_1"));
    });
    await client(server.url).resources.get("res_1");
    const [first, second] = server.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it("honours Retry-After given as an HTTP date", () => {
    const inTwo = new Date(Date.now() + 2000).toUTCString();
    const ms = parseRetryAfter(inTwo)!;
    expect(ms).toBeGreaterThan(500);
    expect(ms).toBeLessThanOrEqual(2000);
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });

  it("does not wait out a Retry-After longer than maxRetryAfterMs: the 429 is the answer", async () => {
    server = await fakeServer((_req, res) =>
      problem(res, 429, { type: "https://strata.io/problems/rate-limited", title: "Too Many Requests" }, { "Retry-After": "3600" }),
    );
    const err = await client(server.url).resources.get("res_1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StrataError);
    expect((err as StrataError).status).toBe(429);
    expect((err as StrataError).headers.get("retry-after")).toBe("3600");
    expect(server.requests).toHaveLength(1);
  });

  it("does not retry a 400", async () => {
    server = await fakeServer((_req, res) => problem(res, 400, { type: "https://strata.io/problems/bad-request", title: "Bad Request" }));
    await expect(client(server.url).resources.create({ type: "t", attributes: {} })).rejects.toMatchObject({ status: 400 });
    expect(server.requests).toHaveLength(1);
  });

  it("gives up after maxRetries and throws the last answer's error", async () => {
    server = await fakeServer((_req, res) => problem(res, 503, { title: "Service Unavailable", detail: "down" }));
    const err = await client(server.url, { retry: { ...fast, maxRetries: 2 } }).resources.get("x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StrataError);
    expect((err as StrataError).status).toBe(503);
    expect(server.requests).toHaveLength(3);
  });

  it("retries connection errors (a dropped connection) with the same Idempotency-Key", async () => {
    server = await fakeServer((req, res, i) => {
      if (i < 2) return void res.socket?.destroy(); // the connection drops before any answer
      json(res, 201, resource("res_1"));
    });
    const r = await client(server.url).resources.create({ type: "ticket", attributes: { title: "t" } });
    expect(r.id).toBe("res_1");
    expect(server.requests).toHaveLength(3);
    const keys = server.requests.map((q) => q.headers["idempotency-key"]);
    expect(keys[0]).toBeTruthy();
    expect(new Set(keys).size).toBe(1);
  });

  it("throws a StrataConnectionError when the platform cannot be reached", async () => {
    const s = await fakeServer(() => undefined);
    const url = s.url;
    await s.close(); // nothing listens there now
    const start = Date.now();
    const err = await client(url, { retry: { ...fast, maxRetries: 2 } }).resources.get("x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StrataConnectionError);
    expect((err as Error).message).toMatch(/3 attempts/);
    expect(Date.now() - start).toBeLessThan(5000);
  });

  it("times out an attempt after timeoutMs, retries, then throws a StrataTimeoutError", async () => {
    server = await fakeServer(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 400));
      json(res, 200, resource("res_1"));
    });
    const err = await client(server.url, { timeoutMs: 100, retry: { ...fast, maxRetries: 1 } })
      .resources.get("res_1")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StrataTimeoutError);
    expect(server.requests).toHaveLength(2);
  });

  it("a per-call timeoutMs overrides the client's", async () => {
    server = await fakeServer(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 300));
      json(res, 200, resource("res_1"));
    });
    const strata = client(server.url, { timeoutMs: 50, retry: { ...fast, maxRetries: 0 } });
    await expect(strata.resources.get("res_1")).rejects.toBeInstanceOf(StrataTimeoutError);
    await expect(strata.resources.get("res_1", { timeoutMs: 2000 })).resolves.toMatchObject({ id: "res_1" });
  });

  it("stops at once, without retrying, when the caller's AbortSignal aborts", async () => {
    server = await fakeServer(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 500));
      json(res, 200, resource("res_1"));
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await client(server.url).resources.get("res_1", { signal: controller.signal }).catch((e: unknown) => e);
    expect((err as Error).name).toBe("AbortError");
    expect(server.requests).toHaveLength(1);
  });

  it("sends the versioned user agent", async () => {
    server = await fakeServer((_req, res) => json(res, 200, resource("res_1")));
    await client(server.url).resources.get("res_1");
    await client(server.url, { userAgent: "my-app/1.0" }).resources.get("res_1");
    expect(server.requests[0]!.headers["user-agent"]).toBe("strata-typescript/2.0.0");
    expect(USER_AGENT).toBe("strata-typescript/2.0.0");
    expect(server.requests[1]!.headers["user-agent"]).toBe("strata-typescript/2.0.0 my-app/1.0");
  });
});

describe("backoff with full jitter", () => {
  const noAuth: Authenticator = { refreshable: false, apply: async () => undefined };
  const transport = (random: () => number) =>
    new Transport({ timeoutMs: 1000, retry: { ...DEFAULT_RETRY, initialDelayMs: 100, maxDelayMs: 1000 }, userAgent: "t", fetch, auth: noAuth, random });

  it("waits a random time between 0 and an exponentially growing, capped ceiling", () => {
    expect(transport(() => 0).backoff(3)).toBe(0);
    const top = transport(() => 0.999999);
    expect([0, 1, 2, 3, 4, 5].map((a) => top.backoff(a))).toEqual([99, 199, 399, 799, 999, 999]);
    const half = transport(() => 0.5);
    expect(half.backoff(2)).toBe(200);
  });

  it("spreads retries out (jitter): different waits for the same attempt", () => {
    const t = transport(Math.random);
    const waits = new Set(Array.from({ length: 50 }, () => t.backoff(4)));
    expect(waits.size).toBeGreaterThan(10);
    for (const w of waits) expect(w).toBeGreaterThanOrEqual(0);
    for (const w of waits) expect(w).toBeLessThan(1000);
  });
});
