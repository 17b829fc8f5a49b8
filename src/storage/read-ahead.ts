/**
 * Batches read one ahead: the next is asked for (when `more` says there is
 * one after `last`) before `last` is handed on, so the server reads it while
 * the caller works; at most two are held. The first batch is handed on even
 * when it is empty.
 *
 * @example yield* readAhead(() => fetchBatch(), (last) => last.length === BATCH)
 */
export async function* readAhead<T>(read: () => Promise<T[]>, more: (last: readonly T[]) => boolean): AsyncGenerator<T[]> {
  let batch = await read();
  for (;;) {
    const next = more(batch) ? read() : null;
    // Awaited below; a failure while this batch is worked on must not count as unhandled meanwhile.
    next?.catch(() => {});
    yield batch;
    if (!next) return;
    batch = await next;
  }
}
