/**
 * "Stay in touch" (issue 14, item 5): a consent of its own to hear about the
 * next campaign, apart from the signature and the reminders, that survives
 * `retention:erase` holding only the sealed address, the language and when.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { Action } from '../../src/chat/index.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { chatUser, textsOf } from '../support/chat-users.ts';
import { createTestApp, testClock } from '../support/test-app.ts';

const clock = testClock('2026-11-29T15:00:00Z');
let app: App;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(async () => app?.close());

const mina = chatUser({ signer: { platform: 'telegram', userId: '5559970001' }, address: 'telegram:5559970001', isPrivate: true, languageTag: 'ko' });
const joe = chatUser({ signer: { platform: 'telegram', userId: '5559970002' }, address: 'telegram:5559970002', isPrivate: true, languageTag: 'en' });
const t = (locale: 'en' | 'ko', key: string, params?: Record<string, unknown>) => app.core.t(locale, key, params);
const rows = async () =>
  rowsOf<Record<string, unknown>>(await app.database.db.execute(sql`select * from stay_in_touch order by consented_at`));

describe('/stayintouch', () => {
  it('offers the choice with a button, and the button records the consent apart from signature and reminders', async () => {
    const [status] = await app.chat.command(mina, 'stayintouch');
    expect(status!.text).toBe(t('ko', 'stay-in-touch.status-off'));
    expect(status!.buttons).toEqual([[{ label: t('ko', 'buttons.stay-in-touch-on'), action: Action.stayInTouch(true) }]]);
    // Nothing is stored by asking.
    expect(await rows()).toEqual([]);

    const [on] = await app.chat.action(mina, Action.stayInTouch(true));
    expect(on).toMatchObject({ text: t('ko', 'stay-in-touch.on'), inPlace: true });
    expect(await app.core.stayInTouch.consentOf(mina.address)).toEqual(clock());
    // Not a signature, not a reminder subscription.
    expect(await app.core.petition.signatureOf(mina.signer)).toBeNull();
    expect(await app.core.reminders.forSigner(mina.signer)).toEqual([]);
    const [again] = await app.chat.command(mina, 'stayintouch');
    expect(again!.text).toBe(t('ko', 'stay-in-touch.status-on'));
  });

  it('shows in /mydata, as text and in the JSON file', async () => {
    const [text] = await app.chat.command(mina, 'mydata');
    expect(text!.text).toContain(t('ko', 'mydata.stay-in-touch', { date: '2026년 11월 29일' }));
    const [file] = await app.chat.command(mina, 'mydata', 'json');
    expect(JSON.parse(file!.file!.content).nextCampaignContactSince).toBe('2026-11-29T15:00:00.000Z');
  });

  it('forgets the address with off; off again and a wrong word change nothing and say so', async () => {
    await app.chat.command(joe, 'stayintouch', 'on');
    expect(textsOf(await app.chat.command(joe, 'stayintouch', 'off'))).toEqual([{ text: t('en', 'stay-in-touch.off') }]);
    expect(await app.core.stayInTouch.consentOf(joe.address)).toBeNull();
    expect(textsOf(await app.chat.command(joe, 'stayintouch', 'off'))).toEqual([{ text: t('en', 'stay-in-touch.off-none') }]);
    expect(textsOf(await app.chat.command(joe, 'stayintouch', 'maybe'))).toEqual([{ text: t('en', 'errors:stay-in-touch.unknown-choice') }]);
    expect(await rows()).toHaveLength(1);
  });

  it('is never answered in a group: it concerns one person\'s address', async () => {
    const inGroup = { ...joe, isPrivate: false, address: 'telegram:-1005559970009' };
    const [reply] = await app.chat.command(inGroup, 'stayintouch', 'on');
    expect(reply!.text).toBe(t('en', 'errors:command.private-only'));
    expect(await rows()).toHaveLength(1);
  });

  it('is kept by retention:erase, which removes names and reminder addresses: only the sealed address, language and time remain', async () => {
    await app.chat.command(joe, 'remind', 'on');
    await app.chat.command(joe, 'stayintouch', 'on');
    expect(await rows()).toHaveLength(2);

    clock.set('2027-01-15T12:00:00Z');
    const erased = await app.core.retention.eraseAfterDelivery();
    expect(erased.subscriptionsRemoved).toBe(1);
    expect(await app.core.reminders.forSigner(joe.signer)).toEqual([]);

    const kept = await rows();
    expect(kept).toHaveLength(2);
    for (const row of kept) {
      expect(Object.keys(row).sort()).toEqual(['address', 'address_index', 'consented_at', 'language']);
      expect(JSON.stringify(row)).not.toMatch(/555997000/);
      expect(String(row.address)).toMatch(/^a1\./);
    }
    expect(kept.map((r) => r.language)).toEqual(['ko', 'en']);
    // The addresses still open, for next year's campaign to write to.
    expect(kept.map((r) => app.addresses.open(String(r.address)))).toEqual([mina.address, joe.address]);
    expect(await app.core.stayInTouch.consentOf(mina.address)).toEqual(new Date('2026-11-29T15:00:00Z'));
    // And after the erasure a person can still withdraw this consent.
    await app.chat.command(mina, 'stayintouch', 'off');
    expect(await rows()).toHaveLength(1);
  });
});
