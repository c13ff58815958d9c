import { call, init, type Context } from "./core.js";
import { PageIterator } from "./pagination.js";
import type { RequestOptions } from "./transport.js";
import type { ListResourceTypesParams, ResourceType, ResourceTypeDefinition } from "./types.js";

/** strata.resourceTypes: the attribute schemas and lifecycles of resources. */
export class ResourceTypes {
  constructor(private readonly ctx: Context) {}

  /** Defines a new resource type (POST /v2/resource-types). */
  async create(definition: ResourceTypeDefinition, options?: RequestOptions): Promise<ResourceType> {
    const { data } = await call(this.ctx.api.POST("/v2/resource-types", { body: definition, ...init(this.ctx, options) }));
    return data;
  }

  /** Reads a resource type, its latest version or the given one (GET /v2/resource-types/{name}). */
  async get(name: string, params: { version?: number } = {}, options?: RequestOptions): Promise<ResourceType> {
    const { data } = await call(
      this.ctx.api.GET("/v2/resource-types/{name}", {
        params: { path: { name }, query: params },
        ...init(this.ctx, options),
      }),
    );
    return data;
  }

  /** Publishes a new version of a resource type (PUT /v2/resource-types/{name}). */
  async update(
    name: string,
    definition: ResourceTypeDefinition,
    options: RequestOptions & { ifMatch?: string } = {},
  ): Promise<ResourceType> {
    const { data } = await call(
      this.ctx.api.PUT("/v2/resource-types/{name}", {
        params: { path: { name } },
        body: definition,
        ...init(this.ctx, options, { "If-Match": options.ifMatch }),
      }),
    );
    return data;
  }

  /** Retires a resource type: no new resources of it (POST /v2/resource-types/{name}/retire). */
  async retire(name: string, options?: RequestOptions): Promise<ResourceType> {
    const { data } = await call(
      this.ctx.api.POST("/v2/resource-types/{name}/retire", { params: { path: { name } }, ...init(this.ctx, options) }),
    );
    return data;
  }

  /** Lists resource types, every page (GET /v2/resource-types). */
  list(params: ListResourceTypesParams = {}, options?: RequestOptions): PageIterator<ResourceType> {
    return new PageIterator(async (pageToken) => {
      const { data } = await call(
        this.ctx.api.GET("/v2/resource-types", {
          params: { query: { ...params, ...(pageToken ? { page_token: pageToken } : {}) } },
          ...init(this.ctx, options),
        }),
      );
      return data;
    });
  }
}
