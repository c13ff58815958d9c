export { Strata } from "./client.js";
export type { ApiKeyOptions, ClientCredentialsOptions, StrataOptions, TokenOptions } from "./client.js";
export {
  OperationTimeoutError,
  StrataConnectionError,
  StrataError,
  StrataSdkError,
  StrataTimeoutError,
  WebhookVerificationError,
} from "./errors.js";
export type { FieldError, ProblemDetails } from "./errors.js";
export { PageIterator } from "./pagination.js";
export type { Page } from "./pagination.js";
export type { RequestOptions, RetryOptions } from "./transport.js";
export type { WriteOptions } from "./resources.js";
export type { WaitOptions } from "./operations.js";
export { verifyWebhook } from "./webhooks.js";
export type { WebhookHeaders } from "./webhooks.js";
export { Resources } from "./resources.js";
export { ResourceTypes } from "./resource-types.js";
export { Operations } from "./operations.js";
export { Webhooks } from "./webhooks.js";
export { Analytics } from "./analytics.js";
export * from "./types.js";
export { USER_AGENT, VERSION } from "./version.js";
/** The types generated from the API document (api/openapi.json) by openapi-typescript. */
export type { components, operations, paths } from "./generated/schema.js";
