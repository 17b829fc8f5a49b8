/**
 * What a full /sign (command, name button, country button, confirm) costs
 * in socket writes to Postgres (the bot's largest CPU cost per update in the
 * Telegram benchmark) and in round trips: the replies, the draft and the
 * signature go with COMMIT, the /sign command's two reads share one write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.ts';
import { freshDatabaseUrl, TEST_DATABASE_URL } from '../../support/databases.ts';
import { countPostgresRoundTrips, countPostgresWrites } from '../../support/postgres-writes.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { TEST_SECRET, testCampaign } from '../../support/test-app.ts';
import { buttonPress, privateText, sentTo, testAdapter, type TestUser } from './telegram-harness.ts';

/**
 * Per update: flood count, language, BEGIN, claim + the step's reads, replies + COMMIT, delivered mark;
 * the confirm's signature insert goes with its COMMIT (a write more when that passes 1 KB, no round trip).
 */
const MOST_WRITES_PER_SIGNER = 30;

describe.skipIf(!TEST_DATABASE_URL)('Postgres round trips of a /sign (needs TEST_DATABASE_URL)', () => {
  let scratch: { url: string; drop(): Promise<void> };
  let app: App;
  let api: FakeTelegramApi;

  beforeAll(async () => {
    scratch = await freshDatabaseUrl('postgres');
    api = await startFakeTelegramApi();
    // One connection: every statement is prepared on it after the first signer, so the count holds still.
    app = await createApp(
      { database: { url: scratch.url, poolSize: 1 }, dataDir: '/nonexistent', signerKeySecret: TEST_SECRET, campaignFile: null },
      { clock: () => new Date('2026-11-29T15:00:00Z'), campaign: testCampaign() },
    );
  });
  afterAll(async () => {
    await app?.close();
    await api?.close();
    await scratch?.drop();
  });

  it(`signs in at most ${MOST_WRITES_PER_SIGNER} writes to Postgres`, async () => {
    const adapter = testAdapter(app, api);
    const sign = async (user: TestUser) => {
      for (const update of [privateText(user, '/sign'), buttonPress(user, 'sd:name:platform'), buttonPress(user, 'sd:country:KR'), buttonPress(user, 'sd:confirm')]) {
        await adapter.bot.handleUpdate(update);
      }
    };
    await sign({ id: 7_100_001, firstName: 'Warm', lastName: 'Up', lang: 'en' });

    const writes = await countPostgresWrites(scratch.url, () => sign({ id: 7_100_002, firstName: 'Ada', lastName: 'Lovelace', lang: 'en' }));
    expect(sentTo(api, 7_100_002).at(-1)?.text).toMatch(/Ada Lovelace/);
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThanOrEqual(MOST_WRITES_PER_SIGNER);
  });

  it('confirms in no more round trips than a step that only saves the draft', async () => {
    // The confirm step's insert goes with its COMMIT, as the country step's draft does; the thank-you is
    // told from what the claim's write read (already signed? the total), and the insert checks that guess.
    const adapter = testAdapter(app, api);
    const user: TestUser = { id: 7_100_003, firstName: 'Grace', lastName: 'Hopper', lang: 'en' };
    await adapter.bot.handleUpdate(privateText(user, '/sign'));
    await adapter.bot.handleUpdate(buttonPress(user, 'sd:name:platform'));
    const country = await countPostgresRoundTrips(scratch.url, () => adapter.bot.handleUpdate(buttonPress(user, 'sd:country:KR')));
    const confirm = await countPostgresRoundTrips(scratch.url, () => adapter.bot.handleUpdate(buttonPress(user, 'sd:confirm')));
    expect(sentTo(api, user.id).at(-1)?.text).toMatch(/Thank you! Your signature is in \(shown as: Grace Hopper\)/);
    expect(confirm).toBeLessThanOrEqual(country);
  });
});
