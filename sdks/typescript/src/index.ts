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
export { GraphQl, StrataGraphQlError } from "./graphql.js";
export type { GraphQlErrorEntry, TypedDocument } from "./graphql.js";
/** Typed GraphQL documents, checked against the gateway's schema when generated (codegen.ts). */
export * as documents from "./graphql/documents.js";
/** Their result and variables types. */
export type {
  CreateResourceMutation,
  CreateResourceMutationVariables,
  ResourceByIdQuery,
  ResourceByIdQueryVariables,
  ResourcesPageQuery,
  ResourcesPageQueryVariables,
  SearchMode,
} from "./generated/graphql/graphql.js";
export * from "./types.js";
export { USER_AGENT, VERSION } from "./version.js";
/** The types generated from the API document (api/openapi.json) by openapi-typescript. */
export type { components, operations, paths } from "./generated/schema.js";
