import type { Client } from "openapi-fetch";
import { StrataError } from "./errors.js";
import type { paths } from "./generated/schema.js";
import type { RequestOptions, Transport } from "./transport.js";

/** What every namespace shares: the generated client and the transport under it. */
export interface Context {
  api: Client<paths>;
  transport: Transport;
}

/** The openapi-fetch options of one call: its fetch (with the call's options), signal and headers. */
export function init(ctx: Context, options: RequestOptions = {}, headers: Record<string, string | undefined> = {}) {
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && v !== "") h[k] = v;
  return {
    fetch: ctx.transport.fetcher(options),
    ...(options.signal ? { signal: options.signal } : {}),
    headers: h,
  };
}

type Result = { data?: unknown; error?: unknown; response: Response };

/** Awaits a generated call and throws a StrataError for an error answer. */
export async function call<R extends Result>(
  pending: Promise<R>,
): Promise<{ data: Exclude<R["data"], undefined>; response: Response }> {
  const result = await pending;
  if (!result.response.ok) throw StrataError.fromResponse(result.response, result.error);
  return { data: result.data as Exclude<R["data"], undefined>, response: result.response };
}
