// The SDK's own test double: a local HTTP server whose answers each test scripts. No network
// beyond 127.0.0.1, no platform.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}

export type Handler = (req: Recorded, res: ServerResponse) => void | Promise<void>;

export interface FakeServer {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

/** Starts a server on a free port; `handle` answers each request (its index counts from 0). */
export async function fakeServer(handle: (req: Recorded, res: ServerResponse, index: number) => void | Promise<void>): Promise<FakeServer> {
  const requests: Recorded[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? "/", "http://localhost");
    const rec: Recorded = {
      method: req.method ?? "",
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
      at: Date.now(),
    };
    requests.push(rec);
    try {
      await handle(rec, res, requests.length - 1);
    } catch (err) {
      res.writeHead(599).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function problem(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  const text = JSON.stringify({ status, ...body });
  res.writeHead(status, { "Content-Type": "application/problem+json", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export const resource = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: "ticket",
  type_version: 1,
  state: "open",
  attributes: { title: "t" },
  version: 1,
  created_at: "2024-05-01T12:00:00Z",
  updated_at: "2024-05-01T12:00:00Z",
  tenant_id: "acme",
  ...extra,
});
