/** The SDK's version; its major version is the API version it speaks (v2). */
export const VERSION = "2.0.0";

/** The User-Agent every request carries. */
export const USER_AGENT = `strata-typescript/${VERSION}`;
