import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Strata, WebhookVerificationError, verifyWebhook } from "../../src/index.js";

// Signatures produced by the notification service's signer (sdks/testdata, checked against
// WebhookSignature.java by a notification-service test).
interface Case {
  secret: string;
  id: string;
  timestamp: number;
  payload: string;
  signature: string;
}
const fixture = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../../testdata/webhook-signatures.json", import.meta.url)), "utf8"),
) as { cases: Case[] };

const strata = new Strata({ baseUrl: "http://127.0.0.1:1", apiKey: "sk_unused" });
const headersOf = (c: Case, overrides: Record<string, string> = {}) => ({
  "webhook-id": c.id,
  "webhook-timestamp": String(c.timestamp),
  "webhook-signature": c.signature,
  ...overrides,
});
/** Pretends the message arrives `afterSeconds` after it was signed. */
const at = (c: Case, afterSeconds = 3) => vi.setSystemTime(new Date((c.timestamp + afterSeconds) * 1000));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("webhooks.verify against the notification service's signatures", () => {
  it("has cases to check", () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(3);
  });

  it.each(fixture.cases.map((c) => [c.id, c] as const))("accepts the genuine message %s and returns its payload", (_id, c) => {
    at(c);
    expect(strata.webhooks.verify(c.payload, headersOf(c), c.secret)).toEqual(JSON.parse(c.payload));
    // Raw bytes, fetch Headers and Node's IncomingHttpHeaders-style (mixed case, arrays) work too.
    const bytes = new TextEncoder().encode(c.payload);
    expect(verifyWebhook(bytes, new Headers(headersOf(c)), c.secret)).toEqual(JSON.parse(c.payload));
    expect(
      verifyWebhook(c.payload, { "Webhook-Id": c.id, "Webhook-Timestamp": String(c.timestamp), "Webhook-Signature": [c.signature], host: undefined }, c.secret),
    ).toEqual(JSON.parse(c.payload));
  });

  it.each(fixture.cases.map((c) => [c.id, c] as const))("rejects a tampered payload of %s", (_id, c) => {
    at(c);
    const tampered = c.payload.replace(/.$/, " }");
    expect(() => strata.webhooks.verify(tampered, headersOf(c), c.secret)).toThrow(WebhookVerificationError);
    // A changed id or timestamp is tampering too.
    expect(() => strata.webhooks.verify(c.payload, headersOf(c, { "webhook-id": `${c.id}x` }), c.secret)).toThrow(WebhookVerificationError);
  });

  it.each(fixture.cases.map((c) => [c.id, c] as const))("rejects %s under the wrong secret", (_id, c) => {
    at(c);
    const other = fixture.cases.find((o) => o.secret !== c.secret)!.secret;
    expect(() => strata.webhooks.verify(c.payload, headersOf(c), other)).toThrow(/No matching signature/);
  });

  it("rejects an old timestamp (more than five minutes) and one from the future, even when correctly signed", () => {
    const c = fixture.cases[0]!;
    at(c, 6 * 60);
    expect(() => strata.webhooks.verify(c.payload, headersOf(c), c.secret)).toThrow(WebhookVerificationError);
    expect(() => strata.webhooks.verify(c.payload, headersOf(c), c.secret)).toThrow(/too old/i);
    at(c, -6 * 60);
    expect(() => strata.webhooks.verify(c.payload, headersOf(c), c.secret)).toThrow(/too new/i);
    at(c, 4 * 60);
    expect(() => strata.webhooks.verify(c.payload, headersOf(c), c.secret)).not.toThrow();
  });

  it("accepts a message signed with several signatures when one matches (secret rotation)", () => {
    const c = fixture.cases[1]!;
    at(c);
    const both = `v1,${Buffer.alloc(32).toString("base64")} ${c.signature}`;
    expect(strata.webhooks.verify(c.payload, headersOf(c, { "webhook-signature": both }), c.secret)).toEqual(JSON.parse(c.payload));
  });

  it("rejects a message without the Standard Webhooks headers", () => {
    const c = fixture.cases[0]!;
    at(c);
    expect(() => strata.webhooks.verify(c.payload, { "webhook-id": c.id }, c.secret)).toThrow(/Missing required headers/);
  });
});
