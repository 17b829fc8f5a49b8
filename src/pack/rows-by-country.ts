import type { SnapshotRow } from '../core/index.ts';

/**
 * One stream of a snapshot's rows, country by country in `order`, handed
 * out country by country: each country's batches end where the next
 * country's rows begin. The countries of `order` must be asked for in that
 * order, each once; any other country has no rows. `end` checks that no row
 * was left over. (A few lines over an async iterator: no library splits one.)
 *
 * @example const split = rowsByCountry(reading.rows(), reading.countries); for await (const batch of split.of('KR')) draw(batch)
 */
export function rowsByCountry(stream: AsyncIterable<readonly SnapshotRow[]>, order: readonly string[]): { of(country: string): AsyncIterable<readonly SnapshotRow[]>; end(): Promise<void> } {
  const batches = stream[Symbol.asyncIterator]();
  const place = new Map(order.map((country, i) => [country, i]));
  /** Rows read but not handed out yet (the start of a later country's). */
  let left: readonly SnapshotRow[] = [];
  let done = false;
  let asked = 0;
  const more = async (): Promise<boolean> => {
    while (left.length === 0 && !done) {
      const step = await batches.next();
      if (step.done) done = true;
      else left = step.value;
    }
    return left.length > 0;
  };
  return {
    async *of(country) {
      const at = place.get(country);
      if (at === undefined) return;
      if (at !== asked) throw new Error(`${country} asked for out of order (expected ${order[asked] ?? 'none'})`);
      asked += 1;
      while (await more()) {
        if (left[0]!.country !== country) {
          if (left[0]!.country !== order[asked]) throw new Error(`rows of ${left[0]!.country} came where ${order[asked] ?? 'none'} was expected`);
          return;
        }
        let end = 0;
        while (end < left.length && left[end]!.country === country) end++;
        const batch = end === left.length ? left : left.slice(0, end);
        left = end === left.length ? [] : left.slice(end);
        yield batch;
      }
    },
    async end() {
      if (await more()) throw new Error(`rows of ${left[0]!.country} were never asked for`);
    },
  };
}
