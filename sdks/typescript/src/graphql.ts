import { StrataError, StrataSdkError } from "./errors.js";
import type { RequestOptions, Transport } from "./transport.js";

/**
 * A GraphQL document that knows its result and variables types: what graphql-codegen's
 * client preset makes with `documentMode: "string"` (its `TypedDocumentString`), and what
 * the SDK's own documents (`documents` below) are. A plain string is a document too, with
 * an `unknown` result.
 */
export interface TypedDocument<TData, TVariables> {
  toString(): string;
  /** Types only: never set. */
  __apiType?: (variables: TVariables) => TData;
}

/** One entry of a GraphQL answer's `errors`, as the gateway writes it. */
export interface GraphQlErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: {
    /** UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, PRECONDITION_FAILED, RATE_LIMITED, ... */
    code?: string;
    /** The HTTP status REST answers for the same failure. */
    status?: number;
    /** BAD_USER_INPUT: the invalid fields, as JSON pointers. */
    errors?: { pointer: string; message: string }[];
    [key: string]: unknown;
  };
}

/**
 * A GraphQL answer with errors: `errors` as the gateway sent them, and `data` with what
 * could be resolved (GraphQL answers partial data where the schema allows), or null.
 */
export class StrataGraphQlError<TData = unknown> extends StrataSdkError {
  readonly errors: GraphQlErrorEntry[];
  readonly data: TData | null;

  constructor(errors: GraphQlErrorEntry[], data: TData | null) {
    const first = errors[0];
    super(
      `GraphQL ${first?.extensions?.code ?? "error"}: ${first?.message ?? "unknown"}` +
        (errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""),
    );
    this.errors = errors;
    this.data = data;
  }

  /** The code of the first error (UNAUTHENTICATED, NOT_FOUND, ...). */
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

type Variables<V> = [V] extends [Record<string, never>] ? [variables?: V] : [variables: V];

/**
 * `POST /graphql` with the client's credentials, retries (429 honouring Retry-After, 502,
 * 503, 504) and, for mutations, one Idempotency-Key reused by the retries. Batches are not
 * sent: the gateway runs one operation per request.
 *
 * ```ts
 * import { documents } from "@strata/sdk";
 * const { resource } = await strata.graphql.request(documents.ResourceById, { id });
 * ```
 */
export class GraphQl {
  constructor(
    private readonly transport: Transport,
    private readonly url: string,
  ) {}

  /** The answer's `data`; a StrataGraphQlError when it has errors, a StrataError for an HTTP error. */
  async request<TData, TVariables>(
    document: TypedDocument<TData, TVariables>,
    ...[variables, options]: [...Variables<TVariables>, options?: RequestOptions]
  ): Promise<TData>;
  async request(document: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<unknown>;
  async request(
    document: TypedDocument<unknown, unknown> | string,
    variables?: unknown,
    options: RequestOptions = {},
  ): Promise<unknown> {
    const request = new Request(this.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/graphql-response+json, application/json" },
      body: JSON.stringify({ query: document.toString(), ...(variables === undefined ? {} : { variables }) }),
    });
    const response = await this.transport.send(request, options);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      // not JSON: reported as it came
    }
    const answer = (typeof body === "object" && body !== null ? body : {}) as { data?: unknown; errors?: GraphQlErrorEntry[] };
    if (Array.isArray(answer.errors) && answer.errors.length > 0) {
      throw new StrataGraphQlError(answer.errors, answer.data ?? null);
    }
    if (!response.ok || !("data" in answer)) throw StrataError.fromResponse(response, body);
    return answer.data;
  }
}
