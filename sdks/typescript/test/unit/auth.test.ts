import { afterEach, describe, expect, it } from "vitest";
import { Strata, StrataError } from "../../src/index.js";
import { fakeServer, json, problem, resource, type FakeServer } from "./fake-server.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("credentials", () => {
  it("client credentials: fetches a token with HTTP basic auth, caches it, and shares one token request", async () => {
    let tokens = 0;
    server = await fakeServer((req, res) => {
      if (req.path === "/oauth2/token") {
        tokens++;
        return json(res, 200, { access_token: `tok${tokens}`, token_type: "Bearer", expires_in: 300, scope: "resources.read" });
      }
      json(res, 200, resource("res_1"));
    });
    const strata = new Strata({ baseUrl: server.url, clientId: "cli_1", clientSecret: "s3cret" });
    await Promise.all([strata.resources.get("res_1"), strata.resources.get("res_1"), strata.resources.get("res_1")]);
    await strata.resources.get("res_1");
    expect(tokens).toBe(1);
    const tokenReq = server.requests.find((q) => q.path === "/oauth2/token")!;
    expect(tokenReq.method).toBe("POST");
    expect(tokenReq.headers.authorization).toBe(`Basic ${Buffer.from("cli_1:s3cret").toString("base64")}`);
    expect(tokenReq.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(new URLSearchParams(tokenReq.body).get("grant_type")).toBe("client_credentials");
    expect(tokenReq.headers["idempotency-key"]).toBeUndefined();
    const api = server.requests.filter((q) => q.path !== "/oauth2/token");
    expect(api).toHaveLength(4);
    for (const q of api) expect(q.headers.authorization).toBe("Bearer tok1");
  });

  it("client credentials: a 401 fetches a new token and retries once", async () => {
    let tokens = 0;
    server = await fakeServer((req, res) => {
      if (req.path === "/oauth2/token") {
        tokens++;
        return json(res, 200, { access_token: `tok${tokens}`, token_type: "Bearer", expires_in: 300 });
      }
      if (req.headers.authorization === "Bearer tok1") return problem(res, 401, { title: "Unauthorized" });
      json(res, 200, resource("res_1"));
    });
    const strata = new Strata({ baseUrl: server.url, clientId: "cli_1", clientSecret: "s" });
    await expect(strata.resources.get("res_1")).resolves.toMatchObject({ id: "res_1" });
    expect(tokens).toBe(2);
  });

  it("client credentials: a refused client is a typed error", async () => {
    server = await fakeServer((_req, res) => json(res, 401, { error: "invalid_client", error_description: "Client authentication failed" }));
    const err = await new Strata({ baseUrl: server.url, clientId: "cli_1", clientSecret: "wrong" }).resources.get("x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StrataError);
    expect((err as StrataError).status).toBe(401);
    expect((err as StrataError).title).toBe("invalid_client");
    expect((err as StrataError).detail).toBe("Client authentication failed");
  });

  it("an API key goes in X-API-Key, a token in Authorization", async () => {
    server = await fakeServer((_req, res) => json(res, 200, resource("res_1")));
    await new Strata({ baseUrl: server.url, apiKey: "sk_abc" }).resources.get("res_1");
    await new Strata({ baseUrl: `${server.url}/`, token: "eyJ.tok" }).resources.get("res_1");
    await new Strata({ baseUrl: server.url, token: async () => "fresh" }).resources.get("res_1");
    expect(server.requests[0]!.headers["x-api-key"]).toBe("sk_abc");
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[1]!.headers.authorization).toBe("Bearer eyJ.tok");
    expect(server.requests[1]!.path).toBe("/v2/resources/res_1");
    expect(server.requests[2]!.headers.authorization).toBe("Bearer fresh");
  });

  it("refuses options without credentials or with half of them", () => {
    expect(() => new Strata({ baseUrl: "http://x" } as never)).toThrow(/clientId and clientSecret, apiKey, or token/);
    expect(() => new Strata({ baseUrl: "http://x", clientId: "a" } as never)).toThrow(/go together/);
    expect(() => new Strata({ apiKey: "k" } as never)).toThrow(/baseUrl/);
  });
});
