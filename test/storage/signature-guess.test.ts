/**
 * A signature inserted on a guess of its outcome, inside a unit of work:
 * the guess comes back at once and the row goes with COMMIT; when the row
 * does not go in as guessed (the signer signed meanwhile, the same-name rule
 * held it), the unit runs again and gets the real outcome. What a signer is
 * told is what was stored, on both drivers.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InsertGuess, NewSignature, SignatureStore } from '../../src/core/index.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { createSignatureRepository } from '../../src/storage/signature-repository.ts';
import { contextualDb, inUnitOfWork, mayGuess } from '../../src/storage/unit-of-work.ts';
import { DRIVERS, openTestDatabase } from '../support/databases.ts';
import { newSignature } from '../support/new-signature.ts';

const CAMPAIGN = 'guess-campaign';
/** When the made-up signatures are signed. */
const AT = newSignature().signedAt;

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`signature inserted on a guess, ${driver.name}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    let db: ReturnType<typeof contextualDb>;
    let store: SignatureStore;

    const rows = async () =>
      rowsOf<{ signer_key: string; state: string }>(
        await handle.database.db.execute(sql`select signer_key, state from signatures where campaign_id = ${CAMPAIGN} order by signer_key`),
      );
    /** Inserts in a unit of work, as a platform event does; says what each run was told. */
    async function insertInUnit(key: string, s: NewSignature, guess: InsertGuess) {
      const runs: Array<{ guessing: boolean; told: unknown }> = [];
      const told = await inUnitOfWork(db, async () => {
        const outcome = await store.insert(CAMPAIGN, key, s, guess);
        runs.push({ guessing: mayGuess(), told: outcome });
        return outcome;
      });
      return { told, runs };
    }

    beforeAll(async () => {
      handle = await openTestDatabase(driver.name);
      db = contextualDb(handle.database.db);
      store = createSignatureRepository(db);
    });
    afterAll(async () => handle?.dispose());
    beforeEach(async () => {
      await handle.database.db.execute(sql`truncate signatures, signature_tallies, signature_daily`);
    });

    it('answers with a right guess at once, in one run, and the row is stored as guessed', async () => {
      await store.insert(CAMPAIGN, 'a-first', newSignature({ displayName: 'First Signer' }));
      const { told, runs } = await insertInUnit('b-second', newSignature(), { state: 'valid', total: 2 });
      expect(told).toEqual({ inserted: true, state: 'valid', total: 2 });
      expect(runs.map((r) => r.guessing)).toEqual([true]);
      expect(await rows()).toEqual([
        { signer_key: 'a-first', state: 'valid' },
        { signer_key: 'b-second', state: 'valid' },
      ]);
      expect((await store.totals(CAMPAIGN)).total).toBe(2);
    });

    it('runs again when the same-name rule holds the row, and tells the signer it is held', async () => {
      const sameName = { nameKey: 'name-key-kim', holdIfSameName: { rule: 'same-name-elsewhere', since: new Date(AT.getTime() - 3_600_000) } };
      await store.insert(CAMPAIGN, 'a-discord', newSignature({ ...sameName, platform: 'discord' }));
      const { told, runs } = await insertInUnit('b-telegram', newSignature(sameName), { state: 'valid', total: 2 });
      expect(runs.map((r) => r.guessing)).toEqual([true, false]);
      expect(told).toEqual({ inserted: true, state: 'held', total: 1 });
      expect(await rows()).toEqual([
        { signer_key: 'a-discord', state: 'valid' },
        { signer_key: 'b-telegram', state: 'held' },
      ]);
      expect((await store.totals(CAMPAIGN)).total).toBe(1);
    });

    it('runs again when the signer signed meanwhile, and tells them they had', async () => {
      await store.insert(CAMPAIGN, 'a-signer', newSignature({ platform: 'discord' }));
      const { told, runs } = await insertInUnit('a-signer', newSignature(), { state: 'valid', total: 2 });
      expect(runs.map((r) => r.guessing)).toEqual([true, false]);
      expect(told).toMatchObject({ inserted: false, existing: { platform: 'discord', state: 'valid' } });
      expect(await rows()).toEqual([{ signer_key: 'a-signer', state: 'valid' }]);
      expect((await store.totals(CAMPAIGN)).total).toBe(1);
    });

    it('ignores a guess outside a unit of work: the real outcome, at once', async () => {
      await store.insert(CAMPAIGN, 'a-signer', newSignature({ heldRule: 'watch-list' }));
      expect(await store.insert(CAMPAIGN, 'a-signer', newSignature(), { state: 'valid', total: 1 })).toMatchObject({ inserted: false });
      expect(await store.insert(CAMPAIGN, 'b-signer', newSignature(), { state: 'held', total: 7 })).toEqual({ inserted: true, state: 'valid', total: 1 });
    });
  });
}
