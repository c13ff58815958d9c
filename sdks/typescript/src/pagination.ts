/** One page of a list: the platform's `{"items": [...], "next_page_token": "..." | null}`. */
export interface Page<T> {
  items: T[];
  next_page_token?: string | null;
}

/**
 * An auto-paginating list: `for await (const item of list)` walks every item of every page,
 * fetching the next page only when the previous one is used up. `pages()` walks whole pages;
 * `toArray()` collects (with an optional limit). Each walk starts again from the first page.
 */
export class PageIterator<T> implements AsyncIterable<T> {
  constructor(private readonly fetchPage: (pageToken: string | undefined) => Promise<Page<T>>) {}

  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      const page = await this.fetchPage(token);
      yield page;
      token = page.next_page_token ?? undefined;
      if (token !== undefined) {
        if (seen.has(token)) throw new Error(`pagination loop: page token ${token} came back`);
        seen.add(token);
      }
    } while (token);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) {
      yield* page.items;
    }
  }

  /** Every item (or the first `limit`). */
  async toArray(options: { limit?: number } = {}): Promise<T[]> {
    const out: T[] = [];
    const limit = options.limit ?? Infinity;
    if (limit <= 0) return out;
    for await (const item of this) {
      out.push(item);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** The first item, or undefined when the list is empty. */
  async first(): Promise<T | undefined> {
    return (await this.toArray({ limit: 1 }))[0];
  }
}
