/**
 * One worker pool for everything that sends load here (the bench's throughput phase, the hardening load
 * test): `work` runs on every item with at most `concurrency` calls in flight, and the results come back
 * in the items' order. Bounded by the number of items, so a loop of it always stops by itself.
 *
 * @example const answers = await inPool(tokens, 16, (token) => send(token));
 */
export async function inPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be ≥ 1, got ${concurrency}`);
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
