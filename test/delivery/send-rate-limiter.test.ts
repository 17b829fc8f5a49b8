import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSendRateLimiter } from '../../src/storage/send-rate-limiter.ts';
import { DRIVERS, openTestDatabase } from '../support/databases.ts';

// Waits are computed from the database's clock, so each bound below leaves
// half a token (5 s at one token per 10 s) for the statements themselves.
for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`shared send rate limiter on ${driver.name}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    const rates = { slow: { perSecond: 0.1, burst: 2 }, paused: { perSecond: 0.1, burst: 1 } };

    beforeAll(async () => {
      handle = await openTestDatabase(driver.name);
    });
    afterAll(async () => handle?.dispose());

    it('lets a burst through, then makes each taker on any instance wait its turn', async () => {
      const one = createSendRateLimiter(handle.database.db, rates);
      const other = createSendRateLimiter(handle.database.db, rates);
      expect(await one.acquire('slow')).toBe(0);
      expect(await other.acquire('slow')).toBe(0);
      const third = await one.acquire('slow');
      const fourth = await other.acquire('slow');
      expect(third).toBeGreaterThan(5_000);
      expect(third).toBeLessThanOrEqual(10_000);
      expect(fourth).toBeGreaterThan(15_000);
      expect(fourth).toBeLessThanOrEqual(20_000);
    });

    it('does not limit a platform it has no rate for (its library queues)', async () => {
      const limiter = createSendRateLimiter(handle.database.db, rates);
      for (let i = 0; i < 5; i++) expect(await limiter.acquire('discord')).toBe(0);
    });

    it('pauses every instance after a 429, and resumes at the steady rate rather than with a burst', async () => {
      const one = createSendRateLimiter(handle.database.db, rates);
      const other = createSendRateLimiter(handle.database.db, rates);
      expect(await one.acquire('paused')).toBe(0);
      await one.pause('paused', 30_000);
      // The other instance waits out the pause, then a token's time (the bucket was emptied).
      const first = await other.acquire('paused');
      expect(first).toBeGreaterThan(35_000);
      expect(first).toBeLessThanOrEqual(40_000);
      const second = await one.acquire('paused');
      expect(second).toBeGreaterThan(45_000);
      expect(second).toBeLessThanOrEqual(50_000);
      // A shorter pause does not cut a longer one short.
      await other.pause('paused', 1_000);
      expect(await one.acquire('paused')).toBeGreaterThan(55_000);
    });
  });
}
