import { Webhook, WebhookVerificationError as LibraryVerificationError } from "standardwebhooks";
import { call, init, type Context } from "./core.js";
import { WebhookVerificationError } from "./errors.js";
import { PageIterator } from "./pagination.js";
import type { RequestOptions } from "./transport.js";
import type {
  CreateWebhookEndpointParams,
  ListWebhookAttemptsParams,
  ListWebhookEndpointsParams,
  UpdateWebhookEndpointParams,
  WebhookAttempt,
  WebhookDeadLetter,
  WebhookEndpoint,
  WebhookRecovery,
  WebhookRecoveryRequest,
  WebhookResend,
  WebhookTestMessage,
} from "./types.js";

/** Request headers as Node (IncomingHttpHeaders), fetch (Headers) or a plain object give them. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/**
 * strata.webhooks: webhook endpoints (CRUD, enable/disable, secret rotation, test messages,
 * delivery attempts, dead letters) and `verify` for the messages they receive.
 */
export class Webhooks {
  constructor(private readonly ctx: Context) {}

  /** Registers an endpoint (POST /v2/webhooks/register); the answer holds its `secret` (whsec_...), once. */
  async create(params: CreateWebhookEndpointParams, options?: RequestOptions): Promise<WebhookEndpoint> {
    const { data } = await call(this.ctx.api.POST("/v2/webhooks/register", { body: params, ...init(this.ctx, options) }));
    return data;
  }

  /** Reads an endpoint (GET /v2/webhooks/{id}). */
  async get(id: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    const { data } = await call(this.ctx.api.GET("/v2/webhooks/{id}", { params: { path: { id } }, ...init(this.ctx, options) }));
    return data;
  }

  /** Lists endpoints, every page (GET /v2/webhooks). */
  list(params: ListWebhookEndpointsParams = {}, options?: RequestOptions): PageIterator<WebhookEndpoint> {
    return new PageIterator(async (pageToken) => {
      const { data } = await call(
        this.ctx.api.GET("/v2/webhooks", {
          params: { query: { ...params, ...(pageToken ? { page_token: pageToken } : {}) } },
          ...init(this.ctx, options),
        }),
      );
      return data;
    });
  }

  /** Changes an endpoint; absent fields stay (PATCH /v2/webhooks/{id}). */
  async update(id: string, params: UpdateWebhookEndpointParams, options: RequestOptions & { ifMatch?: string } = {}): Promise<WebhookEndpoint> {
    const { data } = await call(
      this.ctx.api.PATCH("/v2/webhooks/{id}", {
        params: { path: { id } },
        body: params,
        ...init(this.ctx, options, { "If-Match": options.ifMatch }),
      }),
    );
    return data;
  }

  /** Deletes an endpoint (DELETE /v2/webhooks/{id}). */
  async delete(id: string, options: RequestOptions & { ifMatch?: string } = {}): Promise<void> {
    await call(
      this.ctx.api.DELETE("/v2/webhooks/{id}", {
        params: { path: { id } },
        ...init(this.ctx, options, { "If-Match": options.ifMatch }),
      }),
    );
  }

  /** Stops deliveries to an endpoint (POST /v2/webhooks/{id}/disable). */
  async disable(id: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    const { data } = await call(this.ctx.api.POST("/v2/webhooks/{id}/disable", { params: { path: { id } }, ...init(this.ctx, options) }));
    return data;
  }

  /** Resumes deliveries to an endpoint (POST /v2/webhooks/{id}/enable). */
  async enable(id: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    const { data } = await call(this.ctx.api.POST("/v2/webhooks/{id}/enable", { params: { path: { id } }, ...init(this.ctx, options) }));
    return data;
  }

  /** Replaces an endpoint's signing secret; the answer holds the new one (POST /v2/webhooks/{id}/rotate-secret). */
  async rotateSecret(id: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    const { data } = await call(
      this.ctx.api.POST("/v2/webhooks/{id}/rotate-secret", { params: { path: { id } }, ...init(this.ctx, options) }),
    );
    return data;
  }

  /** Sends a test message to an endpoint (POST /v2/webhooks/{id}/test). */
  async test(id: string, options?: RequestOptions): Promise<WebhookTestMessage> {
    const { data } = await call(this.ctx.api.POST("/v2/webhooks/{id}/test", { params: { path: { id } }, ...init(this.ctx, options) }));
    return data;
  }

  /** Lists an endpoint's delivery attempts, every page (GET /v2/webhooks/{id}/attempts). */
  listAttempts(id: string, params: ListWebhookAttemptsParams = {}, options?: RequestOptions): PageIterator<WebhookAttempt> {
    return new PageIterator(async (pageToken) => {
      const { data } = await call(
        this.ctx.api.GET("/v2/webhooks/{id}/attempts", {
          params: { path: { id }, query: { ...params, ...(pageToken ? { page_token: pageToken } : {}) } },
          ...init(this.ctx, options),
        }),
      );
      return data;
    });
  }

  /** Lists an endpoint's dead letters (messages that failed every retry), every page. */
  listDeadLetters(id: string, params: { page_size?: number } = {}, options?: RequestOptions): PageIterator<WebhookDeadLetter> {
    return new PageIterator(async (pageToken) => {
      const { data } = await call(
        this.ctx.api.GET("/v2/webhooks/{id}/dead-letters", {
          params: { path: { id }, query: { ...params, ...(pageToken ? { page_token: pageToken } : {}) } },
          ...init(this.ctx, options),
        }),
      );
      return data;
    });
  }

  /** Delivers one dead letter again (POST /v2/webhooks/{id}/dead-letters/{messageId}/resend). */
  async resendDeadLetter(id: string, messageId: string, options?: RequestOptions): Promise<WebhookResend> {
    const { data } = await call(
      this.ctx.api.POST("/v2/webhooks/{id}/dead-letters/{messageId}/resend", {
        params: { path: { id, messageId } },
        ...init(this.ctx, options),
      }),
    );
    return data;
  }

  /** Delivers again every dead letter since a time (POST /v2/webhooks/{id}/recover). */
  async recover(id: string, params: WebhookRecoveryRequest, options?: RequestOptions): Promise<WebhookRecovery> {
    const { data } = await call(
      this.ctx.api.POST("/v2/webhooks/{id}/recover", { params: { path: { id } }, body: params, ...init(this.ctx, options) }),
    );
    return data;
  }

  /** Reads a recovery's progress (GET /v2/webhooks/{id}/recoveries/{recoveryId}). */
  async getRecovery(id: string, recoveryId: string, options?: RequestOptions): Promise<WebhookRecovery> {
    const { data } = await call(
      this.ctx.api.GET("/v2/webhooks/{id}/recoveries/{recoveryId}", {
        params: { path: { id, recoveryId } },
        ...init(this.ctx, options),
      }),
    );
    return data;
  }

  /**
   * Verifies a webhook message per Standard Webhooks (the `standardwebhooks` library): the
   * `webhook-signature` must match the HMAC-SHA256 of `webhook-id.webhook-timestamp.payload`
   * under the endpoint's secret (`whsec_...`), and the timestamp must be within five minutes
   * of now. Pass the raw body exactly as received (a string or bytes, not re-serialised JSON).
   * Returns the parsed payload; throws WebhookVerificationError otherwise.
   */
  verify<T = unknown>(payload: string | Uint8Array, headers: WebhookHeaders, secret: string): T {
    return verifyWebhook<T>(payload, headers, secret);
  }
}

/** {@link Webhooks.verify} without a client. */
export function verifyWebhook<T = unknown>(payload: string | Uint8Array, headers: WebhookHeaders, secret: string): T {
  const flat: Record<string, string> = {};
  if (typeof Headers !== "undefined" && headers instanceof Headers) {
    headers.forEach((value, name) => {
      flat[name.toLowerCase()] = value;
    });
  } else {
    for (const [name, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
      if (value === undefined) continue;
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(" ") : value;
    }
  }
  let webhook: Webhook;
  try {
    webhook = new Webhook(secret);
  } catch (err) {
    throw new WebhookVerificationError(`invalid webhook secret: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  try {
    return webhook.verify(payload, flat) as T;
  } catch (err) {
    if (err instanceof LibraryVerificationError) {
      throw new WebhookVerificationError(err.message, { cause: err });
    }
    if (err instanceof SyntaxError) {
      throw new WebhookVerificationError(`the signed payload is not JSON: ${err.message}`, { cause: err });
    }
    throw err;
  }
}
