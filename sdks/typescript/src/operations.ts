import { call, init, type Context } from "./core.js";
import { OperationTimeoutError } from "./errors.js";
import { PageIterator } from "./pagination.js";
import { sleep, type RequestOptions } from "./transport.js";
import { FINAL_OPERATION_STATUSES, type ListOperationsParams, type Operation, type OperationSummary } from "./types.js";

export interface WaitOptions {
  /** Give up after this long, in ms (default 300000: five minutes). */
  timeoutMs?: number;
  /** The first pause between two polls, in ms (default 250); it grows by half after each poll. */
  pollIntervalMs?: number;
  /** The longest pause between two polls, in ms (default 5000). */
  maxPollIntervalMs?: number;
  /** Cancels the wait. */
  signal?: AbortSignal;
}

/** strata.operations: the workflow runs that actions start. */
export class Operations {
  constructor(private readonly ctx: Context) {}

  /** Reads an operation with its steps (GET /v2/operations/{id}). */
  async get(id: string, options?: RequestOptions): Promise<Operation> {
    const { data } = await call(this.ctx.api.GET("/v2/operations/{id}", { params: { path: { id } }, ...init(this.ctx, options) }));
    return data;
  }

  /** Lists operations, newest first, every page (GET /v2/operations); `resource_id` keeps one resource's. */
  list(params: ListOperationsParams = {}, options?: RequestOptions): PageIterator<OperationSummary> {
    return new PageIterator(async (pageToken) => {
      const { data } = await call(
        this.ctx.api.GET("/v2/operations", {
          params: { query: { ...params, ...(pageToken ? { page_token: pageToken } : {}) } },
          ...init(this.ctx, options),
        }),
      );
      return data;
    });
  }

  /** Sends a named signal, with an optional JSON payload, to a waiting operation (POST .../signals/{name}). */
  async signal(id: string, name: string, payload: Record<string, unknown> = {}, options?: RequestOptions): Promise<void> {
    await call(
      this.ctx.api.POST("/v2/operations/{id}/signals/{name}", {
        params: { path: { id, name } },
        body: payload as Record<string, never>,
        ...init(this.ctx, options),
      }),
    );
  }

  /** Asks for an operation to be cancelled (POST /v2/operations/{id}/cancel); wait for it to end. */
  async cancel(id: string, options?: RequestOptions): Promise<void> {
    await call(this.ctx.api.POST("/v2/operations/{id}/cancel", { params: { path: { id } }, ...init(this.ctx, options) }));
  }

  /**
   * Polls an operation until it is final (completed, failed, compensated or cancelled) and
   * returns it: check its `status`. Polls back off from 250 ms to 5 s. Throws an
   * OperationTimeoutError (carrying the operation as last seen) when `timeoutMs` passes first.
   */
  async wait(id: string, options: WaitOptions = {}): Promise<Operation> {
    const timeoutMs = options.timeoutMs ?? 300_000;
    const maxInterval = options.maxPollIntervalMs ?? 5_000;
    let interval = Math.min(options.pollIntervalMs ?? 250, maxInterval);
    const deadline = Date.now() + timeoutMs;
    const timer = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timer]) : timer;
    let last: Operation | undefined;
    for (;;) {
      try {
        last = await this.get(id, { signal });
        if (FINAL_OPERATION_STATUSES.includes(last.status)) return last;
        await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), signal);
        if (Date.now() >= deadline) throw timer.reason;
      } catch (err) {
        if (options.signal?.aborted) throw options.signal.reason ?? err;
        if (timer.aborted || Date.now() >= deadline) throw new OperationTimeoutError(id, timeoutMs, last, last?.status);
        throw err;
      }
      interval = Math.min(maxInterval, interval * 1.5);
    }
  }
}
