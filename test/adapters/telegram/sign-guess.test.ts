/**
 * The confirm step tells the signer their outcome from what it read with the
 * draft, and sends the signature with COMMIT. When the row goes in otherwise
 * (here: the same name from Discord holds it for review), the step runs again
 * and the signer is told what was stored, once, on both drivers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TelegramAdapter } from '../../../adapters/telegram/telegram-adapter.ts';
import type { App } from '../../../src/app.ts';
import { DRIVERS, freshDatabaseUrl } from '../../support/databases.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { createTestApp } from '../../support/test-app.ts';
import { buttonPress, privateText, sentTo, testAdapter, type TestUser } from './telegram-harness.ts';

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`a /sign whose outcome is not the one guessed, ${driver.name}`, () => {
    let scratch: { url: string; drop(): Promise<void> };
    let app: App;
    let api: FakeTelegramApi;
    let adapter: TelegramAdapter;

    beforeAll(async () => {
      scratch = await freshDatabaseUrl(driver.name);
      app = await createTestApp({ url: scratch.url });
      api = await startFakeTelegramApi();
      adapter = testAdapter(app, api);
    });
    afterAll(async () => {
      await app?.close();
      await api?.close();
      await scratch?.drop();
    });
    beforeEach(() => api.reset());

    async function signUpToConfirm(user: TestUser) {
      for (const update of [privateText(user, '/sign'), buttonPress(user, 'sd:name:platform'), buttonPress(user, 'sd:country:KR')]) {
        await adapter.bot.handleUpdate(update);
      }
    }

    it('tells a signer held by the same-name rule that their signature waits for review, and does not count it', async () => {
      await app.core.petition.sign({ platform: 'discord', userId: '880000000000000001' }, { name: { style: 'full', name: 'Mun Seo-yeon' }, country: 'KR', language: 'en' });
      const user: TestUser = { id: 7_300_001, firstName: 'Mun', lastName: 'Seo-yeon', lang: 'en' };
      await signUpToConfirm(user);
      const confirm = buttonPress(user, 'sd:confirm');
      await adapter.bot.handleUpdate(confirm);

      const thanks = sentTo(api, user.id).at(-1)!.text;
      expect(thanks).toContain(app.core.t('en', 'mydata.held'));
      expect(thanks).toContain(app.core.t('en', 'sign.now-total', { count: 1, total: '1' }));
      expect(await app.core.petition.signatureOf({ platform: 'telegram', userId: String(user.id) })).toMatchObject({ state: 'held' });
      expect((await app.core.petition.summary()).total).toBe(1);

      // Telegram delivers the confirm again: no second reply, no second row.
      const sent = api.calls.length;
      await adapter.bot.handleUpdate(confirm);
      expect(api.calls.length).toBe(sent);
      expect(await app.core.petition.signatureOf({ platform: 'telegram', userId: String(user.id) })).toMatchObject({ state: 'held' });
      expect((await app.core.petition.summary()).total).toBe(1);
    });

    it('tells a signer whose guess holds that they are counted', async () => {
      const user: TestUser = { id: 7_300_002, firstName: 'Oh', lastName: 'Ji-ho', lang: 'en' };
      await signUpToConfirm(user);
      await adapter.bot.handleUpdate(buttonPress(user, 'sd:confirm'));
      const thanks = sentTo(api, user.id).at(-1)!.text;
      expect(thanks).not.toContain(app.core.t('en', 'mydata.held'));
      expect(thanks).toContain(app.core.t('en', 'sign.now-total', { count: 2, total: '2' }));
      expect(await app.core.petition.signatureOf({ platform: 'telegram', userId: String(user.id) })).toMatchObject({ state: 'valid' });
    });
  });
}
