import createClient, { type Client } from "openapi-fetch";
import { Analytics } from "./analytics.js";
import { GraphQl } from "./graphql.js";
import type { Context } from "./core.js";
import type { paths } from "./generated/schema.js";
import { Operations } from "./operations.js";
import { ResourceTypes } from "./resource-types.js";
import { Resources } from "./resources.js";
import {
  ApiKeyAuth,
  BearerAuth,
  ClientCredentialsAuth,
  DEFAULT_RETRY,
  Transport,
  type Authenticator,
  type Fetch,
  type RetryOptions,
} from "./transport.js";
import { USER_AGENT } from "./version.js";
import { Webhooks } from "./webhooks.js";

interface CommonOptions {
  /** The platform's gateway, e.g. http://127.0.0.1:8080 (what `./strata up` serves). */
  baseUrl: string;
  /** Time limit of each attempt of a request, in ms (default 30000). */
  timeoutMs?: number;
  /** Retries of 429, 502, 503, 504 and connection errors (default: 3, 500 ms doubling to 8 s, full jitter). */
  retry?: RetryOptions;
  /** Appended to the user agent, e.g. "my-app/1.4". */
  userAgent?: string;
  /** The fetch to send requests with (default globalThis.fetch). */
  fetch?: Fetch;
}

/** OAuth2 client credentials: the SDK fetches, caches and refreshes access tokens itself. */
export interface ClientCredentialsOptions extends CommonOptions {
  clientId: string;
  clientSecret: string;
  /** Scopes to ask for, space separated (default: all the client's registered scopes). */
  scope?: string;
  /** The token endpoint (default `${baseUrl}/oauth2/token`). */
  tokenUrl?: string;
  apiKey?: never;
  token?: never;
}

/** An API key (sk_...) from POST /v2/api-keys, sent as X-API-Key. */
export interface ApiKeyOptions extends CommonOptions {
  apiKey: string;
  clientId?: never;
  clientSecret?: never;
  token?: never;
}

/** A bearer access token, or a function that returns the current one. */
export interface TokenOptions extends CommonOptions {
  token: string | (() => string | Promise<string>);
  clientId?: never;
  clientSecret?: never;
  apiKey?: never;
}

export type StrataOptions = ClientCredentialsOptions | ApiKeyOptions | TokenOptions;

/**
 * The Strata API client.
 *
 * ```ts
 * import { Strata } from "@strata/sdk";
 * const strata = new Strata({ baseUrl: "http://127.0.0.1:8080", clientId, clientSecret });
 * const ticket = await strata.resources.create({ type: "ticket", attributes: { title: "Printer on fire" } });
 * for await (const r of strata.resources.list({ filter: 'state = "open"' })) console.log(r.id);
 * ```
 */
export class Strata {
  readonly resources: Resources;
  readonly resourceTypes: ResourceTypes;
  readonly operations: Operations;
  readonly webhooks: Webhooks;
  readonly analytics: Analytics;
  /** GraphQL at /graphql, with typed documents (see `documents`). */
  readonly graphql: GraphQl;
  /**
   * The openapi-fetch client generated from the API document, sharing this client's
   * credentials, retries and timeouts: for the operations the namespaces do not cover,
   * e.g. `strata.api.GET("/v2/users/{id}", { params: { path: { id } } })`.
   */
  readonly api: Client<paths>;
  readonly baseUrl: string;

  constructor(options: StrataOptions) {
    if (!options || typeof options.baseUrl !== "string" || options.baseUrl === "") {
      throw new TypeError("Strata: baseUrl is required");
    }
    const baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.baseUrl = baseUrl;
    let auth: Authenticator;
    let clientCredentials: ClientCredentialsAuth | undefined;
    if (options.clientId !== undefined || options.clientSecret !== undefined) {
      const o = options as ClientCredentialsOptions;
      if (!o.clientId || !o.clientSecret) throw new TypeError("Strata: clientId and clientSecret go together");
      clientCredentials = new ClientCredentialsAuth(o.tokenUrl ?? `${baseUrl}/oauth2/token`, o.clientId, o.clientSecret, o.scope);
      auth = clientCredentials;
    } else if (options.apiKey !== undefined) {
      auth = new ApiKeyAuth(options.apiKey);
    } else if (options.token !== undefined) {
      auth = new BearerAuth(options.token);
    } else {
      throw new TypeError("Strata: give clientId and clientSecret, apiKey, or token");
    }
    const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
    const transport = new Transport({
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      userAgent: options.userAgent ? `${USER_AGENT} ${options.userAgent}` : USER_AGENT,
      fetch: baseFetch,
      auth,
    });
    if (clientCredentials) clientCredentials.transport = transport;
    this.api = createClient<paths>({ baseUrl, fetch: transport.fetcher() });
    const ctx: Context = { api: this.api, transport };
    this.resources = new Resources(ctx);
    this.resourceTypes = new ResourceTypes(ctx);
    this.operations = new Operations(ctx);
    this.webhooks = new Webhooks(ctx);
    this.analytics = new Analytics(ctx);
    this.graphql = new GraphQl(transport, `${baseUrl}/graphql`);
  }
}
