/**
 * The batches of `batches`, the first already asked for: the reader's query
 * goes to the server now rather than when the loop reaches it.
 */
export function startReading<T>(batches: AsyncIterable<T>): AsyncIterable<T> {
  const iterator = batches[Symbol.asyncIterator]();
  const first = iterator.next();
  // Awaited when the loop starts; until then a failure is not unhandled.
  first.catch(() => {});
  return {
    async *[Symbol.asyncIterator]() {
      for (let step = await first; !step.done; step = await iterator.next()) yield step.value;
    },
  };
}
