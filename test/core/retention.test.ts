import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/index.ts';
import { createMemoryCore } from '../support/memory/memory-core.ts';

describe('erasing names after delivery', () => {
  it('is refused while the petition is open, then keeps every count and removes names and addresses', async () => {
    let now = new Date('2026-12-05T12:00:00Z');
    // The retention rules on the in-memory ports; the SQL of erasing and freezing is held to the same contract in test/storage/port-contract.test.ts.
    const app = await createMemoryCore({ clock: () => now });
    try {
      const { petition, reminders, retention } = app.core;
      await petition.sign({ platform: 'telegram', userId: '1' }, { name: { style: 'full', name: 'Made Up Person' }, country: 'KR', language: 'ko' });
      await petition.sign({ platform: 'discord', userId: '2' }, { name: { style: 'initials', name: 'Test Signer' }, country: 'CA', language: 'en' });
      await petition.sign({ platform: 'discord', userId: '3' }, { name: { style: 'anonymous' }, country: 'CA', language: 'en' });
      await reminders.subscribe({ platform: 'telegram', userId: '1' }, 'telegram:1', 'ko');
      const before = await petition.stats();

      await expect(retention.eraseAfterDelivery()).rejects.toEqual(new DomainError('campaign.still-open'));
      expect((await petition.signatureOf({ platform: 'telegram', userId: '1' }))?.displayName).toBe('Made Up Person');

      now = new Date('2026-12-11T12:00:00Z');
      // The final delivery pack froze the names too (a snapshot row per signature).
      const { snapshot } = await app.core.snapshots.freeze({ actor: 'test' });
      expect(await retention.eraseAfterDelivery()).toEqual({ namesErased: 2, subscriptionsRemoved: 1, snapshotNamesErased: 2 });
      const frozen = [];
      for (const cc of ['KR', 'CA']) for await (const batch of app.core.snapshots.rowBatches(snapshot, cc)) frozen.push(...batch);
      expect(frozen).toHaveLength(3);
      expect(frozen.every((row) => row.displayName === null)).toBe(true);
      // The fingerprint does not depend on names, so it stays what was printed.
      expect((await app.core.snapshots.latest())?.merkleRoot).toBe(snapshot.merkleRoot);
      expect(await petition.signatureOf({ platform: 'telegram', userId: '1' })).toMatchObject({ displayName: null, nameStyle: 'anonymous', country: 'KR' });
      expect(await reminders.forSigner({ platform: 'telegram', userId: '1' })).toEqual([]);
      const after = await petition.stats();
      expect(after).toEqual(before);
      expect(after).toMatchObject({ total: 3, nations: 2 });
    } finally {
      await app.close();
    }
  });
});
