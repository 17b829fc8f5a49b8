/**
 * Each snapshot's rows live in a partition of pack_snapshot_rows of their
 * own (migration 0018). A database frozen before 0018 keeps its rows, now
 * in their snapshot's partition and read as before; a later freeze fills a
 * new partition and drops the older interim one (its header stays). Two
 * campaigns in one database may freeze at the same moment.
 */
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { databaseAtMigration } from '../support/database-at-migration.ts';
import { DRIVERS, freshDatabaseUrl } from '../support/databases.ts';
import { TEST_SECRET, testCampaign } from '../support/test-app.ts';

const BEFORE = '0017_tallies_wait_once';
const CAMPAIGN = testCampaign();
// A snapshot frozen before 0018 (the first, id 1): its header and two rows of KR (made-up names, digests and leaves).
const OLD_SNAPSHOT = `
  insert into pack_snapshots (campaign_id, frozen_at, final, total, by_country, merkle_root, leaf_version, context)
  values ('${CAMPAIGN.id}', '2026-11-20T00:00:00Z', false, 2, '{"KR":2}', '${'ab'.repeat(32)}', 1,
    '{"paper":{},"targets":{},"list":{"total":0,"byKind":{"refugee":0,"humanitarian-worker":0},"cases":[]}}');
  insert into pack_snapshot_rows (snapshot_id, seq, country, display_name, signed_on, receipt_digest, leaf) values
    ((select max(id) from pack_snapshots), 0, 'KR', '김하늘', '2026-11-01', decode('${'01'.repeat(32)}', 'hex'), decode('${'02'.repeat(32)}', 'hex')),
    ((select max(id) from pack_snapshots), 1, 'KR', null, '2026-11-02', decode('${'03'.repeat(32)}', 'hex'), decode('${'04'.repeat(32)}', 'hex'));`;

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`snapshot rows by snapshot, on ${driver.name}`, () => {
    let old: Awaited<ReturnType<typeof databaseAtMigration>>;
    let app: App;
    let now = new Date('2026-11-29T15:00:00Z');
    let oldId: number;
    beforeAll(async () => {
      old = await databaseAtMigration(driver.name, BEFORE, OLD_SNAPSHOT);
      app = await createApp({ database: { url: old.url, poolSize: 4 }, dataDir: join(old.dir, 'data'), signerKeySecret: TEST_SECRET, campaignFile: null }, { clock: () => now, campaign: CAMPAIGN });
    });
    afterAll(async () => {
      await app?.close();
      await old?.dispose();
    });

    const partitions = async () =>
      rowsOf<{ name: string; n: number }>(
        await app.database.db.execute(sql`
          select c.relname as name, count(r.seq)::int as n
          from pg_inherits i join pg_class c on c.oid = i.inhrelid
          left join pack_snapshot_rows r on r.tableoid = c.oid
          where i.inhparent = 'pack_snapshot_rows'::regclass group by c.relname order by c.relname`),
      );

    it('keeps rows frozen before 0018 in their snapshot partition, read as before', async () => {
      const snapshot = (await app.core.snapshots.latest())!;
      expect(snapshot).toMatchObject({ total: 2, byCountry: { KR: 2 } });
      oldId = snapshot.id;
      expect(await partitions()).toEqual([{ name: `pack_snapshot_rows_${oldId}`, n: 2 }]);
      const rows = [];
      for await (const batch of app.core.snapshots.rowBatches(snapshot, 'KR')) rows.push(...batch);
      expect(rows).toEqual([
        { displayName: '김하늘', country: 'KR', signedOn: '2026-11-01' },
        { displayName: null, country: 'KR', signedOn: '2026-11-02' },
      ]);
    });

    it('freezes into a new partition and drops the older interim one, keeping its header', async () => {
      await app.core.petition.sign({ platform: 'telegram', userId: '5559970001' }, { name: { style: 'full', name: 'Ada Example' }, country: 'KR', language: 'en' });
      now = new Date('2026-11-30T15:00:00Z');
      const { snapshot } = await app.core.snapshots.freeze({ actor: 'test' });
      expect(snapshot).toMatchObject({ final: false, total: 1 });
      expect(await partitions()).toEqual([{ name: `pack_snapshot_rows_${snapshot.id}`, n: 1 }]);
      expect(rowsOf(await app.database.db.execute(sql`select id from pack_snapshots order by id`)).map((r) => Number((r as { id: number }).id))).toEqual([oldId, snapshot.id]);
      expect(await app.database.db.execute(sql`select count(*)::int as n from pack_snapshot_rows where snapshot_id = ${oldId}`).then((r) => rowsOf<{ n: number }>(r)[0]!.n)).toBe(0);
    });
  });
}

describe.skipIf(!DRIVERS[1].enabled)('two campaigns freezing at once, on postgres', () => {
  it('both finish, each replacing its own interim snapshot', async () => {
    const fresh = await freshDatabaseUrl('postgres');
    const now = new Date('2026-11-30T15:00:00Z');
    const campaigns = [testCampaign(), testCampaign({ id: 'second-made-up-campaign-2026' })];
    const apps: App[] = [];
    try {
      for (const campaign of campaigns) {
        apps.push(await createApp({ database: { url: fresh.url, poolSize: 4 }, dataDir: '/nonexistent', signerKeySecret: TEST_SECRET, campaignFile: null }, { clock: () => now, campaign }));
      }
      for (const [i, app] of apps.entries()) {
        for (let n = 0; n < 200; n++) {
          await app.core.petition.sign({ platform: 'telegram', userId: String(5559980000 + i * 1000 + n) }, { name: { style: 'full', name: `Made Up ${n}` }, country: n % 2 ? 'KR' : 'US', language: 'en' });
        }
      }
      // These give each campaign an interim snapshot: every freeze after them attaches a partition and drops one.
      await Promise.all(apps.map((app) => app.core.snapshots.freeze({ actor: 'test' })));
      for (let round = 0; round < 5; round++) {
        const frozen = await Promise.all(apps.map((app) => app.core.snapshots.freeze({ actor: 'test' })));
        // Every valid signature of its own campaign (review may hold some of a burst like this one).
        expect(frozen.map((f) => f.snapshot.total)).toEqual(await Promise.all(apps.map(async (app) => (await app.core.petition.summary()).total)));
        expect(frozen.every((f) => f.snapshot.total > 0)).toBe(true);
      }
      const [{ n }] = rowsOf<{ n: number }>(
        await apps[0]!.database.db.execute(sql`select count(*)::int as n from pg_inherits where inhparent = 'pack_snapshot_rows'::regclass`),
      ) as [{ n: number }];
      expect(n).toBe(2);
    } finally {
      for (const app of apps) await app.close();
      await fresh.drop();
    }
  });
});
