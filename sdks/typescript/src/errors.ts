/** One invalid field of a validation problem: a JSON pointer into the request and what is wrong. */
export interface FieldError {
  pointer: string;
  message: string;
}

/** The members of an RFC 9457 problem (application/problem+json) as the platform answers them. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string | null;
  instance?: string | null;
  traceId?: string | null;
  trace_id?: string | null;
  errors?: FieldError[] | null;
  [member: string]: unknown;
}

/**
 * Every error the SDK raises extends StrataSdkError: a problem answered by the API
 * ({@link StrataError}), a connection or time-out failure after the retries ran out
 * ({@link StrataConnectionError}), an operation that did not finish in time
 * ({@link OperationTimeoutError}), or a webhook that failed verification
 * ({@link WebhookVerificationError}).
 */
export class StrataSdkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * An error answer of the API (4xx/5xx), carrying the problem's members.
 *
 * ```ts
 * try { await strata.resources.update(id, attrs) }
 * catch (e) { if (e instanceof StrataError && e.status === 412) { ... } }
 * ```
 */
export class StrataError extends StrataSdkError {
  /** The HTTP status. */
  readonly status: number;
  /** A URI naming the kind of problem, e.g. https://strata.io/problems/precondition-failed. */
  readonly type: string;
  /** A short summary of the kind of problem. */
  readonly title: string;
  /** What went wrong with this request, when the platform said. */
  readonly detail: string | undefined;
  /** The path of the request, when the platform said. */
  readonly instance: string | undefined;
  /** For validation problems: one entry per invalid field (empty otherwise). */
  readonly errors: FieldError[];
  /** The trace id of the request, to quote to support and find in the logs. */
  readonly traceId: string | undefined;
  /** The answer's headers (Retry-After, RateLimit, ...). */
  declare readonly headers: Headers;
  /** The answer's body: the parsed problem, or its text when it was not JSON. */
  declare readonly body: unknown;

  constructor(init: {
    status: number;
    type?: string;
    title?: string;
    detail?: string;
    instance?: string;
    errors?: FieldError[];
    traceId?: string;
    headers?: Headers;
    body?: unknown;
  }) {
    const title = init.title ?? `HTTP ${init.status}`;
    super(`${init.status} ${title}${init.detail ? `: ${init.detail}` : ""}${init.traceId ? ` (trace ${init.traceId})` : ""}`);
    this.status = init.status;
    this.type = init.type ?? "about:blank";
    this.title = title;
    this.detail = init.detail;
    this.instance = init.instance;
    this.errors = init.errors ?? [];
    this.traceId = init.traceId;
    // Not enumerable: logging an error shows the problem's members, not every header.
    Object.defineProperty(this, "headers", { value: init.headers ?? new Headers(), enumerable: false });
    Object.defineProperty(this, "body", { value: init.body, enumerable: false });
  }

  /** Builds the error from an answer and its (already read) body. */
  static fromResponse(response: Response, body: unknown): StrataError {
    const problem: ProblemDetails = isObject(body) ? (body as ProblemDetails) : {};
    const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
    const errors = Array.isArray(problem.errors)
      ? problem.errors
          .filter(isObject)
          .map((e) => ({ pointer: String(e.pointer ?? ""), message: String(e.message ?? "") }))
      : [];
    return new StrataError({
      status: typeof problem.status === "number" ? problem.status : response.status,
      type: str(problem.type),
      title: str(problem.title) ?? (response.statusText || undefined),
      detail: str(problem.detail) ?? (typeof body === "string" && body !== "" ? body.slice(0, 500) : undefined),
      instance: str(problem.instance),
      errors,
      traceId: str(problem.traceId) ?? str(problem.trace_id) ?? str(response.headers.get("traceparent")?.split("-")[1]),
      headers: response.headers,
      body,
    });
  }
}

/** The request could not be sent or answered (connection refused, reset, timed out) after every retry. */
export class StrataConnectionError extends StrataSdkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A request that timed out (after every retry): the client's or the call's timeoutMs passed. */
export class StrataTimeoutError extends StrataConnectionError {}

/** operations.wait gave up before the operation finished; `operation` is the last one seen. */
export class OperationTimeoutError<O = unknown> extends StrataSdkError {
  readonly operationId: string;
  readonly operation: O | undefined;
  constructor(operationId: string, timeoutMs: number, operation: O | undefined, status?: string) {
    super(`operation ${operationId} did not finish within ${timeoutMs} ms${status ? ` (still ${status})` : ""}`);
    this.operationId = operationId;
    this.operation = operation;
  }
}

/** A webhook whose signature, timestamp or headers did not verify: answer it with 400 and drop it. */
export class WebhookVerificationError extends StrataSdkError {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
