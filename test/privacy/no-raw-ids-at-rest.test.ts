/**
 * "No raw platform id anywhere at rest" (DESIGN.md, issue 14): people sign,
 * ask for reminders, and are queued messages on Telegram, Discord and the
 * terminal through the real adapters (against the fake platform APIs); then
 * every table of the database is dumped as text and searched for their ids.
 */
import { PassThrough } from 'node:stream';
import type { APIChatInputApplicationCommandInteraction, APIModalSubmitInteraction } from 'discord-api-types/v10';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-adapter.ts';
import { createTerminalAdapter } from '../../adapters/terminal/terminal-adapter.ts';
import type { App } from '../../src/app.ts';
import { RecipientGoneError } from '../../src/core/index.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { buttonPress, groupText, memoryLogger, privateText, sentTo, testAdapter, type TestUser } from '../adapters/telegram/telegram-harness.ts';
import { DRIVERS, freshDatabaseUrl } from '../support/databases.ts';
import { deliverInteraction, discordFixture, freshIds, fromUser } from '../support/discord-interactions.ts';
import { startFakeDiscordApi, type FakeDiscordApi } from '../support/fake-discord-api.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../support/fake-telegram-api.ts';
import { createTestApp } from '../support/test-app.ts';

const TELEGRAM_USER: TestUser = { id: 5559990001, firstName: 'Mina', lastName: 'Rest', lang: 'ko' };
const TELEGRAM_GROUP = -1005559990003;
const DISCORD_USER = '1250000000000099001';
const APP_ID = '1100000000000000001';
const signSubmit = discordFixture<APIModalSubmitInteraction>('modal-submit-sign');
const signCommand = discordFixture<APIChatInputApplicationCommandInteraction>('chat-input-sign');
const channelCommand = discordFixture<APIChatInputApplicationCommandInteraction>('chat-input-campaign-channel');
const DISCORD_CHANNEL = '1200000000000000002';
const DISCORD_GUILD = channelCommand.guild_id!;

/** Every raw id the people and places above have on their platforms. */
const RAW_IDS = [String(TELEGRAM_USER.id), String(TELEGRAM_GROUP), DISCORD_USER, DISCORD_CHANNEL, DISCORD_GUILD, channelCommand.member!.user.id, 'terminal:local'];

/** Each table of the app's schemas (and the migrations' own), every row as text. */
async function dumpEveryTable(app: App): Promise<Map<string, string[]>> {
  const tables = rowsOf<{ schema: string; name: string }>(
    await app.database.db.execute(sql`
      select table_schema as schema, table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
      order by 1, 2`),
  );
  const dump = new Map<string, string[]>();
  for (const { schema, name } of tables) {
    const rows = rowsOf<{ row: string }>(await app.database.db.execute(sql.raw(`select t::text as row from "${schema}"."${name}" t`)));
    dump.set(`${schema}.${name}`, rows.map((r) => r.row));
  }
  return dump;
}

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`no raw platform id at rest on ${driver.name}`, () => {
    let fresh: Awaited<ReturnType<typeof freshDatabaseUrl>>;
    let app: App;
    let telegramApi: FakeTelegramApi;
    let discordApi: FakeDiscordApi;
    let discord: DiscordAdapter;

    beforeAll(async () => {
      fresh = await freshDatabaseUrl(driver.name);
      app = await createTestApp({ url: fresh.url });
      telegramApi = await startFakeTelegramApi();
      discordApi = await startFakeDiscordApi();
      discord = createDiscordAdapter({ chat: app.chat, core: app.core, clock: app.clock, logger: memoryLogger().logger, config: { token: 'test-bot-token', applicationId: APP_ID, apiUrl: discordApi.url } });
      app.messengers.add(discord.messenger!);
    });
    afterAll(async () => {
      await discord?.stop();
      await discordApi?.close();
      await telegramApi?.close();
      await app?.close();
      await fresh?.drop();
    });

    it('signs, subscribes and queues on Telegram, Discord and the terminal, and no table holds a raw id', async () => {
      // Telegram: the signing dialogue, reminders on, and a command in a group.
      const telegram = testAdapter(app, telegramApi);
      for (const update of [
        privateText(TELEGRAM_USER, '/sign'),
        privateText(TELEGRAM_USER, 'Mina Rest'),
        buttonPress(TELEGRAM_USER, 'sd:country:KR'),
        buttonPress(TELEGRAM_USER, 'sd:confirm'),
        privateText(TELEGRAM_USER, '/remind on'),
        privateText(TELEGRAM_USER, '/stayintouch on'),
        groupText(TELEGRAM_USER, TELEGRAM_GROUP, '/count'),
      ]) {
        await telegram.bot.handleUpdate(update);
      }
      expect(sentTo(telegramApi, TELEGRAM_USER.id).at(-1)!.text).toBe(app.core.t('ko', 'stay-in-touch.on'));
      expect(await app.core.petition.signatureOf({ platform: 'telegram', userId: String(TELEGRAM_USER.id) })).toMatchObject({ displayName: 'Mina Rest', country: 'KR' });

      // Discord: the signing form, reminders by DM, and a campaign channel chosen by an admin.
      const remind = freshIds(fromUser(signCommand, DISCORD_USER));
      for (const payload of [
        freshIds(fromUser(signSubmit, DISCORD_USER)),
        { ...remind, data: { ...remind.data, name: 'remind', options: [{ name: 'state', type: 3, value: 'on' }] } } as APIChatInputApplicationCommandInteraction,
        freshIds(channelCommand),
      ]) {
        deliverInteraction(discord.client, payload);
        await discord.idle();
      }
      expect(await app.core.petition.signatureOf({ platform: 'discord', userId: DISCORD_USER })).not.toBeNull();

      // The terminal: sign and ask for reminders.
      const input = new PassThrough();
      const output = new PassThrough();
      output.resume();
      const terminal = createTerminalAdapter({ chat: app.chat, core: app.core, clock: app.clock, logger: memoryLogger().logger, config: { input, output, interactive: false } });
      await terminal.start();
      input.end(['/sign', 'Kim Young-sam', 'KR', '1', '1', '/remind on', ''].join('\n'));
      await terminal.finished;
      expect(await app.core.petition.signatureOf({ platform: 'terminal', userId: 'local' })).not.toBeNull();

      // Messages queued for everyone, and a staff notice about a channel the bot lost.
      await app.core.reminders.subscribeChannel('slack:C0STAFFDUMP', 'en');
      const queued = await app.core.announcements.send({ en: 'Three days left.', ko: '3일 남았습니다.', zh: '还剩3天。' }, 'slack:U0TESTSTAFF');
      expect(queued.recipients).toBe(5);
      await app.recipientGone(`telegram:${TELEGRAM_GROUP}`, new RecipientGoneError(`telegram:${TELEGRAM_GROUP}`, 'kicked', 'channel'));
      await app.core.reminders.subscribeChannel(`telegram:${TELEGRAM_GROUP}`, 'en');
      await app.recipientGone(`telegram:${TELEGRAM_GROUP}`, new RecipientGoneError(`telegram:${TELEGRAM_GROUP}`, 'kicked', 'channel'));

      const dump = await dumpEveryTable(app);
      // The dump covers the tables that matter, and they are not empty.
      for (const table of ['public.signatures', 'public.subscriptions', 'public.deliveries', 'public.broadcasts', 'public.processed_events', 'public.stay_in_touch']) {
        expect(dump.get(table)?.length, table).toBeGreaterThan(0);
      }
      expect(dump.get('public.subscriptions')).toHaveLength(5);
      // The search would find what is there: the names people chose to show are kept, as the petition needs.
      expect(dump.get('public.signatures')!.some((row) => row.includes('Mina Rest'))).toBe(true);
      for (const [table, rows] of dump) {
        for (const id of RAW_IDS) {
          expect(rows.filter((row) => row.includes(id)), `${id} in ${table}`).toEqual([]);
        }
      }
      // The addresses are still there to send to, sealed: the delivery worker opens them.
      const claimed = await app.deliveries.claim('telegram', 10, 60_000);
      expect(claimed.map((d) => d.address)).toContain(`telegram:${TELEGRAM_USER.id}`);
    });
  });
}
