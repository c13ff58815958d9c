import type { components, operations } from "./generated/schema.js";

type Schemas = components["schemas"];
type Query<O extends keyof operations> = NonNullable<operations[O]["parameters"]["query"]>;

/** Resource attributes: free-form JSON, validated by the platform against the type's schema. */
export type Attributes = Record<string, unknown>;

/** A resource; `A` types its attributes (default: a plain record). */
export type Resource<A extends object = Attributes> = Omit<Schemas["Resource"], "attributes"> & { attributes: A };
export type CreateResourceParams<A extends object = Attributes> = Omit<Schemas["CreateRequest"], "attributes"> & { attributes: A };
export type ListResourcesParams = Omit<Query<"listResources">, "page_token">;
export type RunActionParams = Schemas["ActionRequest"];
export type ActionResult = Schemas["ActionResult"];
export type ActionOperation = Schemas["ActionOperation"];

export type ResourceType = Schemas["ResourceType"];
export type ResourceTypeDefinition = Schemas["ResourceTypeDefinition"];
export type ListResourceTypesParams = Omit<Query<"listResourceTypes">, "page_token">;

export type Operation = Schemas["Operation"];
export type OperationSummary = Schemas["OperationSummary"];
export type OperationStep = Schemas["OperationStep"];
export type ListOperationsParams = Omit<Query<"listOperations">, "page_token">;

/** An operation's status; completed, failed, compensated and cancelled are final. */
export type OperationStatus =
  | "pending"
  | "running"
  | "waiting"
  | "compensating"
  | "completed"
  | "failed"
  | "compensated"
  | "cancelled";
export const FINAL_OPERATION_STATUSES: readonly string[] = ["completed", "failed", "compensated", "cancelled"];

export type WebhookEndpoint = Schemas["WebhookEndpoint"];
export type CreateWebhookEndpointParams = Schemas["WebhookEndpointRegistration"];
export type UpdateWebhookEndpointParams = Schemas["WebhookEndpointUpdate"];
export type ListWebhookEndpointsParams = Omit<Query<"listWebhookEndpoints">, "page_token">;
export type WebhookAttempt = Schemas["WebhookAttempt"];
export type ListWebhookAttemptsParams = Omit<Query<"listWebhookAttempts">, "page_token">;
export type WebhookDeadLetter = Schemas["WebhookDeadLetter"];
export type WebhookRecovery = Schemas["WebhookRecovery"];
export type WebhookRecoveryRequest = Schemas["WebhookRecoveryRequest"];
export type WebhookResend = Schemas["WebhookResend"];
export type WebhookTestMessage = Schemas["WebhookTestMessage"];

export type AnalyticsEvent = Schemas["AnalyticsEvent"];
export type ListEventsParams = Omit<Query<"listEvents">, "page_token">;
export type Metrics = Schemas["Metrics"];
export type GetMetricsParams = Query<"getMetrics">;

/** An RFC 9457 problem as the document describes it. */
export type Problem = Schemas["Problem"];
