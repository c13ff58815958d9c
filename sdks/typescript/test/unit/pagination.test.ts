import { afterEach, describe, expect, it } from "vitest";
import { PageIterator, Strata } from "../../src/index.js";
import { fakeServer, json, resource, type FakeServer } from "./fake-server.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PAGES: Record<string, { ids: string[]; next: string | null }> = {
  "": { ids: ["res_1", "res_2"], next: "p2" },
  p2: { ids: ["res_3", "res_4"], next: "p3" },
  p3: { ids: ["res_5"], next: null },
};

describe("pagination", () => {
  it("iterates over every item of every page, passing filter, order_by, page_size and page_token", async () => {
    server = await fakeServer((req, res) => {
      const page = PAGES[req.query.get("page_token") ?? ""]!;
      json(res, 200, { items: page.ids.map((id) => resource(id)), next_page_token: page.next });
    });
    const strata = new Strata({ baseUrl: server.url, apiKey: "sk" });
    const ids: string[] = [];
    for await (const r of strata.resources.list({ filter: 'state = "open"', order_by: "created_at desc", page_size: 2 })) {
      ids.push(r.id);
    }
    expect(ids).toEqual(["res_1", "res_2", "res_3", "res_4", "res_5"]);
    expect(server.requests.map((q) => q.query.get("page_token"))).toEqual([null, "p2", "p3"]);
    for (const q of server.requests) {
      expect(q.path).toBe("/v2/resources");
      expect(q.query.get("filter")).toBe('state = "open"');
      expect(q.query.get("order_by")).toBe("created_at desc");
      expect(q.query.get("page_size")).toBe("2");
    }
  });

  it("fetches pages lazily: toArray({limit}) stops once it has enough", async () => {
    server = await fakeServer((req, res) => {
      const page = PAGES[req.query.get("page_token") ?? ""]!;
      json(res, 200, { items: page.ids.map((id) => resource(id)), next_page_token: page.next });
    });
    const strata = new Strata({ baseUrl: server.url, apiKey: "sk" });
    const some = await strata.resources.list({ page_size: 2 }).toArray({ limit: 3 });
    expect(some.map((r) => r.id)).toEqual(["res_1", "res_2", "res_3"]);
    expect(server.requests).toHaveLength(2);
    expect((await strata.resources.list().first())?.id).toBe("res_1");
  });

  it("walks whole pages with pages(), and each walk starts again from the first page", async () => {
    server = await fakeServer((req, res) => {
      const page = PAGES[req.query.get("page_token") ?? ""]!;
      json(res, 200, { items: page.ids.map((id) => ({ id, url: "https://x", event_types: [], status: "enabled", created_at: "", updated_at: "" })), next_page_token: page.next });
    });
    const list = new Strata({ baseUrl: server.url, apiKey: "sk" }).webhooks.list({ page_size: 2 });
    const sizes: number[] = [];
    for await (const page of list.pages()) sizes.push(page.items.length);
    expect(sizes).toEqual([2, 2, 1]);
    expect((await list.toArray()).length).toBe(5);
    expect(server.requests.filter((q) => !q.query.has("page_token"))).toHaveLength(2);
    expect(server.requests[0]!.path).toBe("/v2/webhooks");
  });

  it("an empty list yields nothing; an error on a later page surfaces from the loop", async () => {
    const empty = new PageIterator(async () => ({ items: [], next_page_token: null }));
    expect(await empty.toArray()).toEqual([]);
    server = await fakeServer((req, res) => {
      if (req.query.get("page_token")) return json(res, 400, { type: "about:blank", title: "Bad Request", status: 400, detail: "bad page_token" });
      json(res, 200, { items: [{ id: "e1", type: "resource.created", topic: "t", source: "s", time: "", tenant_id: "a" }], next_page_token: "zzz" });
    });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const e of new Strata({ baseUrl: server!.url, apiKey: "sk" }).analytics.events({ page_size: 1 })) seen.push(e.id);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["e1"]);
    expect(err).toMatchObject({ status: 400, detail: "bad page_token" });
  });

  it("stops on a page token that comes back (a server bug) instead of looping forever", async () => {
    const loop = new PageIterator(async () => ({ items: [1], next_page_token: "same" }));
    await expect(loop.toArray()).rejects.toThrow(/pagination loop/);
  });
});
