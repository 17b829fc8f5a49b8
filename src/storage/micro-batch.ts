/**
 * Collects calls made in the same event-loop turn and answers them with one
 * query, like the signature batcher does for inserts: at a burst of signings
 * a query per signing would make the database round trips, not the work,
 * the limit. `run` must return one result per item, in order.
 *
 * @example const lookup = microBatch((keys: string[]) => queryAll(keys)); await lookup('a')
 */
export function microBatch<I, O>(run: (items: I[]) => Promise<O[]>, maxBatch = 100): (item: I) => Promise<O> {
  let pending: Array<{ item: I; resolve(o: O): void; reject(e: unknown): void }> = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    const all = pending;
    pending = [];
    for (let i = 0; i < all.length; i += maxBatch) {
      const batch = all.slice(i, i + maxBatch);
      try {
        const results = await run(batch.map((p) => p.item));
        batch.forEach((p, j) => p.resolve(results[j]!));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => void flush());
      }
    });
}
