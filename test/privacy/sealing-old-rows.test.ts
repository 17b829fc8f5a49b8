/**
 * A database from before addresses were encrypted (migrations up to 0009,
 * plain `telegram:<chat id>` addresses in subscriptions, the delivery queue
 * and a staff notice): the next start applies 0010 and seals every row
 * before serving anyone, and the rows are still found by address.
 */
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { databaseAtMigration } from '../support/database-at-migration.ts';
import { DRIVERS } from '../support/databases.ts';
import { TEST_SECRET, testCampaign } from '../support/test-app.ts';

const BEFORE = '0009_tallies_count_valid_only';
const CAMPAIGN = testCampaign();
const ROWS = sql`
  insert into subscriptions (campaign_id, address, signer_key, language) values
    (${CAMPAIGN.id}, 'telegram:5559960001', 'made-up-signer-key-a', 'ko'),
    (${CAMPAIGN.id}, 'slack:C0OLDSTAFF', null, 'en');
  insert into broadcasts (id, campaign_id, kind, audience, content) values
    ('announcement:old', ${CAMPAIGN.id}, 'announcement', 'everyone', '{"texts":{"en":"Hi","ko":"안녕하세요","zh":"你好"}}'),
    (${`notice:${CAMPAIGN.id}:channel-lost:discord:channel:5559960002`}, ${CAMPAIGN.id}, 'milestone', 'staff', '{"template":"notice.channel-lost","params":{"channel":"discord:channel:5559960002"}}');
  insert into deliveries (broadcast_id, campaign_id, address, platform, language, not_before) values
    ('announcement:old', ${CAMPAIGN.id}, 'telegram:5559960001', 'telegram', 'ko', '2026-11-01T00:00:00Z'),
    (${`notice:${CAMPAIGN.id}:channel-lost:discord:channel:5559960002`}, ${CAMPAIGN.id}, 'slack:C0OLDSTAFF', 'slack', 'en', '2026-11-01T00:00:00Z');`;

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`addresses stored before encryption, on ${driver.name}`, () => {
    let old: Awaited<ReturnType<typeof databaseAtMigration>>;
    beforeAll(async () => {
      // The migrations as they were before 0010.
      old = await databaseAtMigration(driver.name, BEFORE, await sqlText(ROWS));
    });
    afterAll(async () => {
      await old?.dispose();
    });

    it('seals them at start, keeps them findable, and leaves no raw id', async () => {
      const clock = () => new Date('2026-11-29T15:00:00Z');
      const app = await createApp({ database: { url: old.url, poolSize: 4 }, dataDir: join(old.dir, 'data'), signerKeySecret: TEST_SECRET, campaignFile: null }, { clock, campaign: CAMPAIGN });
      try {
        const dump = JSON.stringify([
          rowsOf(await app.database.db.execute(sql`select * from subscriptions`)),
          rowsOf(await app.database.db.execute(sql`select * from deliveries`)),
          rowsOf(await app.database.db.execute(sql`select * from broadcasts`)),
        ]);
        for (const id of ['5559960001', '5559960002', 'C0OLDSTAFF']) expect(dump).not.toContain(id);
        // The notice's id and its delivery moved together.
        const [notice] = rowsOf<{ id: string }>(await app.database.db.execute(sql`select id from broadcasts where kind = 'milestone'`));
        expect(notice!.id).toBe(`notice:${CAMPAIGN.id}:channel-lost:${app.addresses.index('discord:channel:5559960002')}`);
        const claimed = await app.deliveries.claim('slack', 10, 60_000);
        expect(claimed).toMatchObject([{ address: 'slack:C0OLDSTAFF', broadcastId: notice!.id }]);
        expect((await app.deliveries.claim('telegram', 10, 60_000)).map((d) => d.address)).toEqual(['telegram:5559960001']);
        expect(await app.core.reminders.unsubscribe('telegram:5559960001')).toBe(true);
      } finally {
        await app.close();
      }
    });
  });
}

/** The inserts as one SQL text with their values inlined (both clients run it as a script). */
async function sqlText(query: ReturnType<typeof sql>): Promise<string> {
  const { PgDialect } = await import('drizzle-orm/pg-core');
  const built = new PgDialect().sqlToQuery(query);
  return built.sql.replace(/\$(\d+)/g, (_, n: string) => `'${String(built.params[Number(n) - 1]).replace(/'/g, "''")}'`);
}
