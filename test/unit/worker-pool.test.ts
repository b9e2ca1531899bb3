import { inPool } from '../../bench/worker-pool';

describe('inPool (the one worker pool of the bench and the load test)', () => {
  it('runs every item once, never more than the concurrency at a time, and keeps the items’ order', async () => {
    // Prepare: items that finish out of order
    const items = Array.from({ length: 25 }, (_, index) => index);
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    // Act
    const results = await inPool(items, 4, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      seen.push(item);
      await new Promise((resolve) => setTimeout(resolve, (item * 7) % 5));
      inFlight -= 1;
      return item * 2;
    });
    // Assess
    expect(results).toEqual(items.map((item) => item * 2));
    expect(seen.sort((a, b) => a - b)).toEqual(items);
    expect(most).toBe(4);
  });

  it('starts no more workers than items, and refuses a concurrency below 1', async () => {
    // Act
    const none = await inPool([], 8, () => Promise.resolve(1));
    // Assess
    expect(none).toEqual([]);
    await expect(inPool([1], 0, () => Promise.resolve(1))).rejects.toThrow(RangeError);
  });
});
