import { randomUUID } from "node:crypto";
import { StrataConnectionError, StrataError, StrataTimeoutError } from "./errors.js";
import { USER_AGENT } from "./version.js";

/** How failed requests are retried. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3; 0 turns retries off). */
  maxRetries?: number;
  /** The first backoff ceiling in ms (default 500); it doubles with each retry. */
  initialDelayMs?: number;
  /** The largest backoff ceiling in ms (default 8000). */
  maxDelayMs?: number;
  /**
   * The longest Retry-After the SDK waits out, in ms (default 60000); an answer asking for
   * longer is returned (as a StrataError with status 429/503) instead of retried.
   */
  maxRetryAfterMs?: number;
}

/** Per-call options every SDK method takes. */
export interface RequestOptions {
  /** Cancels the call (and its retries and waits). */
  signal?: AbortSignal;
  /** Time limit of each attempt, in ms (default: the client's timeoutMs). */
  timeoutMs?: number;
  /** The Idempotency-Key of a POST or PATCH (default: a new UUID, reused by its retries). */
  idempotencyKey?: string;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** Retries of this call (default: the client's). */
  maxRetries?: number;
}

export type Fetch = (input: Request) => Promise<Response>;

export interface TransportConfig {
  timeoutMs: number;
  retry: Required<RetryOptions>;
  userAgent: string;
  fetch: Fetch;
  auth: Authenticator;
  /** For tests: the source of randomness behind the jitter (default Math.random). */
  random?: () => number;
}

/** Supplies credentials to requests. */
export interface Authenticator {
  /** Sets the credentials on the headers; `refresh` asks for fresh ones (after a 401). */
  apply(headers: Headers, refresh: boolean, signal: AbortSignal | undefined): Promise<void>;
  /** Whether a 401 may be cured by fresh credentials (client credentials only). */
  readonly refreshable: boolean;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxRetries: 3,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const IDEMPOTENCY_METHODS = new Set(["POST", "PATCH"]);

/**
 * The HTTP core under the generated client: user agent, credentials, idempotency keys,
 * per-attempt timeouts, and retries with exponential backoff and full jitter that honour
 * Retry-After. Retried: 429, 502, 503, 504 and connection errors/time-outs. A POST or PATCH
 * gets one Idempotency-Key, generated before its first attempt and sent again by every retry,
 * so the platform answers a retry of a request it already carried out with the first answer.
 */
export class Transport {
  readonly config: TransportConfig;

  constructor(config: TransportConfig) {
    this.config = config;
  }

  /** A fetch for openapi-fetch that applies this call's options. */
  fetcher(options: RequestOptions = {}): Fetch {
    return (request) => this.send(request, options);
  }

  async send(request: Request, options: RequestOptions = {}, authenticate = true): Promise<Response> {
    const { retry, auth } = this.config;
    const maxRetries = options.maxRetries ?? retry.maxRetries;
    const timeoutMs = options.timeoutMs ?? this.config.timeoutMs;
    const userSignal = options.signal ?? request.signal;
    const method = request.method.toUpperCase();
    const headers = new Headers(request.headers);
    headers.set("User-Agent", this.config.userAgent);
    if (!headers.has("Accept")) headers.set("Accept", "application/json, application/problem+json");
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    if (authenticate && IDEMPOTENCY_METHODS.has(method) && !headers.has("Idempotency-Key")) {
      headers.set("Idempotency-Key", options.idempotencyKey ?? randomUUID());
    }
    // Read the body once so that every attempt sends the same bytes.
    const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());

    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      userSignal?.throwIfAborted();
      if (authenticate) await auth.apply(headers, false, userSignal);
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = userSignal ? AbortSignal.any([userSignal, timeout]) : timeout;
      let response: Response;
      try {
        response = await this.config.fetch(
          new Request(request.url, { method, headers, body, signal, redirect: request.redirect }),
        );
      } catch (err) {
        if (userSignal?.aborted) throw userSignal.reason ?? err;
        const timedOut = timeout.aborted;
        if (attempt >= maxRetries) {
          const what = `${method} ${new URL(request.url).pathname}`;
          if (timedOut) {
            throw new StrataTimeoutError(`${what} timed out after ${timeoutMs} ms (${attempt + 1} attempts)`, { cause: err });
          }
          throw new StrataConnectionError(`${what} failed: ${describe(err)} (${attempt + 1} attempts)`, { cause: err });
        }
        await sleep(this.backoff(attempt), userSignal);
        continue;
      }
      if (response.status === 401 && authenticate && auth.refreshable && !refreshed) {
        refreshed = true;
        await discard(response);
        await auth.apply(headers, true, userSignal);
        attempt--; // a stale token is not a failed attempt
        continue;
      }
      if (RETRYABLE_STATUS.has(response.status) && attempt < maxRetries) {
        const retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
        if (retryAfter === undefined || retryAfter <= retry.maxRetryAfterMs) {
          await discard(response);
          await sleep(retryAfter ?? this.backoff(attempt), userSignal);
          continue;
        }
      }
      return response;
    }
  }

  /** Full jitter: a random wait between 0 and min(maxDelay, initialDelay * 2^attempt). */
  backoff(attempt: number): number {
    const { initialDelayMs, maxDelayMs } = this.config.retry;
    const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** attempt);
    return Math.floor((this.config.random ?? Math.random)() * ceiling);
  }
}

/** Retry-After in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - Date.now());
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // nothing to release
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const code = cause && typeof cause === "object" && "code" in cause ? ` ${String((cause as { code: unknown }).code)}` : "";
    return `${err.message}${code}`;
  }
  return String(err);
}

// ---------------------------------------------------------------------------------------------
// Credentials

/** Sends `X-API-Key: sk_...`. */
export class ApiKeyAuth implements Authenticator {
  readonly refreshable = false;
  constructor(private readonly apiKey: string) {}
  async apply(headers: Headers): Promise<void> {
    headers.set("X-API-Key", this.apiKey);
  }
}

/** Sends `Authorization: Bearer <token>`; the token may come from a function (called per request). */
export class BearerAuth implements Authenticator {
  readonly refreshable: boolean;
  constructor(private readonly token: string | (() => string | Promise<string>)) {
    this.refreshable = typeof token === "function";
  }
  async apply(headers: Headers): Promise<void> {
    const token = typeof this.token === "function" ? await this.token() : this.token;
    headers.set("Authorization", `Bearer ${token}`);
  }
}

/**
 * OAuth2 client credentials: fetches an access token from the token endpoint (HTTP basic
 * authentication), caches it until shortly before it expires, and fetches a new one then or
 * when the API answers 401. Concurrent calls share one token request.
 */
export class ClientCredentialsAuth implements Authenticator {
  readonly refreshable = true;
  private token: { value: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;
  transport: Transport | undefined;

  constructor(
    private readonly tokenUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly scope?: string,
  ) {}

  async apply(headers: Headers, refresh: boolean, signal: AbortSignal | undefined): Promise<void> {
    headers.set("Authorization", `Bearer ${await this.accessToken(refresh, signal)}`);
  }

  /** The cached access token, or a new one. */
  async accessToken(refresh = false, signal?: AbortSignal): Promise<string> {
    if (refresh) this.token = undefined;
    if (this.token && Date.now() < this.token.expiresAt) return this.token.value;
    this.pending ??= this.fetchToken(signal).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetchToken(signal: AbortSignal | undefined): Promise<string> {
    if (!this.transport) throw new Error("ClientCredentialsAuth is not attached to a transport");
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    if (this.scope) form.set("scope", this.scope);
    const basic = Buffer.from(`${encodeURIComponent(this.clientId)}:${encodeURIComponent(this.clientSecret)}`).toString("base64");
    const request = new Request(this.tokenUrl, {
      method: "POST",
      headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    // Sent unauthenticated (the basic credentials are the authentication), with the retries.
    const response = await this.transport.send(request, { signal }, false);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    if (!response.ok) {
      const err = StrataError.fromResponse(response, body);
      // OAuth2 errors are {error, error_description}, not problems.
      if (typeof body === "object" && body !== null && "error" in body) {
        const o = body as { error?: string; error_description?: string };
        throw new StrataError({
          status: response.status,
          type: `https://datatracker.ietf.org/doc/html/rfc6749#section-5.2`,
          title: o.error ?? err.title,
          detail: o.error_description ?? err.detail,
          traceId: err.traceId,
          headers: response.headers,
          body,
        });
      }
      throw err;
    }
    const { access_token: value, expires_in: expiresIn } = body as { access_token?: string; expires_in?: number };
    if (typeof value !== "string" || value === "") {
      throw new StrataError({ status: response.status, title: "Token endpoint answered no access_token", headers: response.headers, body });
    }
    const lifetimeMs = (typeof expiresIn === "number" ? expiresIn : 300) * 1000;
    // Renew a little early: 30 s, or a tenth of short lifetimes.
    this.token = { value, expiresAt: Date.now() + lifetimeMs - Math.min(30_000, lifetimeMs / 10) };
    return value;
  }
}
