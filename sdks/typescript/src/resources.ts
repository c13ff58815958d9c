import { call, init, type Context } from "./core.js";
import { PageIterator } from "./pagination.js";
import type { RequestOptions } from "./transport.js";
import type {
  ActionResult,
  Attributes,
  CreateResourceParams,
  ListResourcesParams,
  Resource,
  RunActionParams,
} from "./types.js";

/** Options of a conditional write: the ETag it is based on (default: the last one seen for the resource). */
export interface WriteOptions extends RequestOptions {
  ifMatch?: string;
}

const ETAG_CACHE_SIZE = 10_000;

/**
 * strata.resources: typed, schema-validated resources. Writes (update, patch, delete) send
 * `If-Match` with the ETag the client last saw for the resource (from create, get, update or
 * patch) unless you pass `ifMatch` (`"*"`: whatever the version). When it has seen none (an id
 * from a list, or a resource an action of this client changed since) it reads the resource first.
 * A write based on a stale version fails with a StrataError of status 412: read it again, decide,
 * retry.
 */
export class Resources {
  private readonly etags = new Map<string, string>();

  constructor(private readonly ctx: Context) {}

  /** Creates a resource (POST /v2/resources). */
  async create<A extends object = Attributes>(params: CreateResourceParams<A>, options?: RequestOptions): Promise<Resource<A>> {
    const { data, response } = await call(this.ctx.api.POST("/v2/resources", { body: params, ...init(this.ctx, options) }));
    return this.remember(data as Resource<A>, response);
  }

  /** Reads a resource (GET /v2/resources/{id}). */
  async get<A extends object = Attributes>(id: string, options?: RequestOptions): Promise<Resource<A>> {
    const { data, response } = await call(
      this.ctx.api.GET("/v2/resources/{id}", { params: { path: { id } }, ...init(this.ctx, options) }),
    );
    return this.remember(data as Resource<A>, response);
  }

  /** Replaces a resource's attributes in full (PUT /v2/resources/{id}, If-Match). */
  async update<A extends object = Attributes>(id: string, attributes: A, options: WriteOptions = {}): Promise<Resource<A>> {
    const { data, response } = await call(
      this.ctx.api.PUT("/v2/resources/{id}", {
        params: { path: { id } },
        body: { attributes },
        ...init(this.ctx, options, { "If-Match": await this.ifMatch(id, options) }),
      }),
    );
    return this.remember(data as Resource<A>, response);
  }

  /**
   * Changes some attributes (PATCH /v2/resources/{id}, a JSON Merge Patch, If-Match): members
   * present are set, members set to null are removed, the others stay.
   */
  async patch<A extends object = Attributes>(id: string, attributes: Attributes, options: WriteOptions = {}): Promise<Resource<A>> {
    const { data, response } = await call(
      this.ctx.api.PATCH("/v2/resources/{id}", {
        params: { path: { id } },
        body: { attributes },
        ...init(this.ctx, options, {
          "Content-Type": "application/merge-patch+json",
          "If-Match": await this.ifMatch(id, options),
        }),
      }),
    );
    return this.remember(data as Resource<A>, response);
  }

  /** Deletes a resource (DELETE /v2/resources/{id}, If-Match). */
  async delete(id: string, options: WriteOptions = {}): Promise<void> {
    await call(
      this.ctx.api.DELETE("/v2/resources/{id}", {
        params: { path: { id } },
        ...init(this.ctx, options, { "If-Match": await this.ifMatch(id, options) }),
      }),
    );
    this.etags.delete(id);
  }

  /**
   * Starts an action on 1 to 100 resources (POST /v2/resources/actions): one entry per resource,
   * with the id of its operation (wait for it with strata.operations.wait) or why it was refused.
   */
  async runAction(params: RunActionParams, options?: RequestOptions): Promise<ActionResult> {
    const { data } = await call(this.ctx.api.POST("/v2/resources/actions", { body: params, ...init(this.ctx, options) }));
    // The actions' workflows change these resources: the ETags seen so far are stale.
    for (const id of params.resource_ids) this.etags.delete(id);
    return data;
  }

  /**
   * Lists resources from the search index (GET /v2/resources), every page:
   * `for await (const r of strata.resources.list({ filter: 'state = "open"', order_by: "created_at desc" }))`.
   * The index is eventually consistent: a write shows up within a second or two.
   */
  list<A extends object = Attributes>(params: ListResourcesParams = {}, options?: RequestOptions): PageIterator<Resource<A>> {
    return new PageIterator(async (pageToken) => {
      const { data } = await call(
        this.ctx.api.GET("/v2/resources", {
          params: { query: { ...params, ...(pageToken ? { page_token: pageToken } : {}) } },
          ...init(this.ctx, options),
        }),
      );
      return data as { items: Resource<A>[]; next_page_token?: string | null };
    });
  }

  /** The ETag the client last saw for a resource (what its next write sends as If-Match). */
  etag(id: string): string | undefined {
    return this.etags.get(id);
  }

  /** The If-Match of a write: the caller's, the last seen, or (none seen) the current one. */
  private async ifMatch(id: string, options: WriteOptions): Promise<string | undefined> {
    if (options.ifMatch !== undefined) return options.ifMatch;
    const seen = this.etags.get(id);
    if (seen !== undefined) return seen;
    await this.get(id, { signal: options.signal, timeoutMs: options.timeoutMs, maxRetries: options.maxRetries });
    return this.etags.get(id);
  }

  private remember<R extends { id: string }>(resource: R, response: Response): R {
    const etag = response.headers.get("ETag");
    if (etag && resource?.id) {
      this.etags.delete(resource.id);
      this.etags.set(resource.id, etag);
      if (this.etags.size > ETAG_CACHE_SIZE) {
        const oldest = this.etags.keys().next().value;
        if (oldest !== undefined) this.etags.delete(oldest);
      }
    }
    return resource;
  }
}
