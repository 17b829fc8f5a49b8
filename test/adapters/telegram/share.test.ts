/**
 * `/share` and referral counts on Telegram, through the real adapter against
 * the fake Bot API: a supporter's own link, the count of who signed through
 * it (in /share and /mydata), and a group's own code once its admins turn
 * the campaign channel on.
 */
import type { Update } from '@grammyjs/types';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.ts';
import type { Locale } from '../../../src/core/index.ts';
import { communities, subscriptions } from '../../../src/storage/schema.ts';
import { rowsOf } from '../../../src/storage/rows.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { createTestApp } from '../../support/test-app.ts';
import { buttonPress, groupText, privateText, testAdapter, type TestUser } from './telegram-harness.ts';

const BOT_LINK = 'https://t.me/petition_test_bot?start=';
const PAGE = 'https://petition.example.org';
const DISCORD_INVITE = 'https://discord.gg/petition-test';
let app: App;
let api: FakeTelegramApi;
let adapter: ReturnType<typeof testAdapter>;

beforeAll(async () => {
  app = await createTestApp({ share: { publicUrl: PAGE, discordInviteUrl: DISCORD_INVITE } });
  api = await startFakeTelegramApi();
  adapter = testAdapter(app, api);
});
afterAll(async () => {
  await api.close();
  await app.close();
});
beforeEach(() => api.reset());

type Sent = { chat: number; text: string; urls: string[]; actions: string[] };

/** What the bot sent in answer to one update. */
async function say(update: Update): Promise<Sent[]> {
  const before = api.callsOf('sendMessage').length;
  await adapter.bot.handleUpdate(update);
  return api.callsOf('sendMessage').slice(before).map((c) => {
    const buttons = ((c.body.reply_markup?.inline_keyboard ?? []) as Array<Array<{ url?: string; callback_data?: string }>>).flat();
    return {
      chat: Number(c.body.chat_id),
      text: String(c.body.text),
      urls: buttons.flatMap((b) => (b.url ? [b.url] : [])),
      actions: buttons.flatMap((b) => (b.callback_data ? [b.callback_data] : [])),
    };
  });
}

/** Signs anonymously in the private chat, answering the questions one by one. */
async function signAnonymously(user: TestUser, country: string): Promise<void> {
  await say(privateText(user, '/sign'));
  await say(buttonPress(user, 'sd:name:anon'));
  const card = await say(privateText(user, country));
  expect(card.at(-1)!.actions).toContain('sd:confirm');
  await say(buttonPress(user, 'sd:confirm'));
  expect(await app.core.petition.signatureOf(signer(user))).not.toBeNull();
}

const signer = (user: TestUser) => ({ platform: 'telegram', userId: String(user.id) });
const t = (locale: Locale, key: string, params?: Record<string, unknown>) => app.core.t(locale, key, params);

describe('/share in the private chat', () => {
  it("gives the supporter's own link, the other ways in and the warning, and counts who signed through it", async () => {
    const inviter: TestUser = { id: 5550007001, firstName: 'Inviter', lang: 'en' };
    const code = app.core.referralCodeOf(signer(inviter));
    const link = `${BOT_LINK}${code}`;

    const [first] = await say(privateText(inviter, '/share'));
    expect(first!.text).toContain(link);
    expect(first!.text).toContain(DISCORD_INVITE);
    expect(first!.text).toContain(`${PAGE}/en`);
    expect(first!.text).toContain(`${PAGE}/share/en.png`);
    expect(first!.text).toContain(t('en', 'share.warning'));
    expect(first!.text).toContain(t('en', 'share.through', { count: 0, n: '0' }));
    expect(first!.urls).toEqual([link, DISCORD_INVITE, `${PAGE}/en`]);

    // Two friends open the link and sign; a third person signs without it.
    const friends: Array<[TestUser, string]> = [
      [{ id: 5550007002, firstName: '지우', lang: 'ko' }, 'KR'],
      [{ id: 5550007003, firstName: '小明', lang: 'zh-hans' }, 'TW'],
    ];
    for (const [friend, country] of friends) {
      await say(privateText(friend, `/start ${code}`));
      await signAnonymously(friend, country);
      expect((await app.core.petition.signatureOf(signer(friend)))!.referral).toBe(code);
    }
    const stranger: TestUser = { id: 5550007004, firstName: 'Stranger', lang: 'en' };
    await signAnonymously(stranger, 'CA');
    expect((await app.core.petition.signatureOf(signer(stranger)))!.referral).toBeNull();

    const [again] = await say(privateText(inviter, '/share'));
    expect(again!.text).toContain(t('en', 'share.through', { count: 2, n: '2' }));
    expect(again!.text).toContain('2 people have signed through your invitation link');
    const [mydata] = await say(privateText(inviter, '/mydata'));
    expect(mydata!.text).toContain(t('en', 'mydata.referred', { count: 2, n: '2' }));

    // In Korean, the same figures in Korean words.
    await say(privateText(inviter, '/language ko'));
    const [ko] = await say(privateText(inviter, '/mydata'));
    expect(ko!.text).toContain('내 초대 링크로 한 서명: 2명');
  });

  it('counts only valid signatures: one withdrawn is no longer counted', async () => {
    const inviter: TestUser = { id: 5550007011, firstName: 'Counter', lang: 'en' };
    const code = app.core.referralCodeOf(signer(inviter));
    const friend: TestUser = { id: 5550007012, firstName: 'Friend', lang: 'en' };
    await say(privateText(friend, `/start ${code}`));
    await signAnonymously(friend, 'JP');
    expect(await app.core.referrals.signedThrough(code)).toBe(1);
    await app.core.petition.withdraw(signer(friend));
    const [mydata] = await say(privateText(inviter, '/mydata'));
    expect(mydata!.text).toContain(t('en', 'mydata.referred', { count: 0, n: '0' }));
  });
});

describe('a Telegram group that turns the campaign channel on', () => {
  const GROUP = -1001555000701;
  const admin: TestUser = { id: 5550007101, firstName: 'Admin', lang: 'en' };
  const member: TestUser = { id: 5550007102, firstName: 'Member', lang: 'en' };

  it('gets its own code; /share there gives the group link and signatures from the group carry it', async () => {
    // Before: nobody is sent a personal link in the group; /share points to the private chat.
    const [before] = await say(groupText(member, GROUP, '/share'));
    expect(before!.text).toBe(t('en', 'errors:command.private-only'));
    expect(before!.urls).toEqual([`${BOT_LINK}share`]);

    // A member who is not an admin cannot turn it on.
    const [refused] = await say(groupText(member, GROUP, '/channel on'));
    expect(refused!.text).toBe(t('en', 'discord.campaign.not-allowed'));
    expect(await app.core.referrals.communityReferral(`telegram:${GROUP}`)).toBeNull();

    api.setMember(GROUP, admin.id, 'administrator');
    const [on] = await say(groupText(admin, GROUP, '/channel on'));
    const code = app.core.referrals.communityCode(`telegram:${GROUP}`);
    expect(code).toMatch(/^c[A-Za-z0-9_-]{11}$/);
    expect(on!.text).toContain(t('en', 'share.community-on', { context: 'link', link: `${BOT_LINK}${code}` }));
    expect(await app.core.referrals.communityReferral(`telegram:${GROUP}`)).toBe(code);

    // Stored by its code and name only, never the group id; the channel knows its community.
    const stored = await app.database.db.select().from(communities).where(eq(communities.code, code));
    expect(stored).toEqual([expect.objectContaining({ code, platform: 'telegram', name: 'Petition Test Supporters' })]);
    expect(JSON.stringify(stored)).not.toContain(String(GROUP).replace('-', ''));
    const channel = await app.database.db.select({ community: subscriptions.community }).from(subscriptions).where(eq(subscriptions.addressIndex, app.addresses.index(`telegram:${GROUP}`)));
    expect(channel).toEqual([{ community: code }]);

    // /share in the group: the group's link, never the person's own.
    const [shared] = await say(groupText(member, GROUP, '/share'));
    expect(shared!.text).toBe(t('en', 'share.community', { link: `${BOT_LINK}${code}` }));
    expect(shared!.text).not.toContain(app.core.referralCodeOf(signer(member)));

    // /sign in the group sends the member to the private chat; the signature there counts for the group.
    const [redirect] = await say(groupText(member, GROUP, '/sign'));
    expect(redirect!.urls).toEqual([`${BOT_LINK}sign`]);
    await say(privateText(member, '/start sign'));
    await say(buttonPress(member, 'sd:name:anon'));
    await say(privateText(member, 'KR'));
    await say(buttonPress(member, 'sd:confirm'));
    expect((await app.core.petition.signatureOf(signer(member)))!.referral).toBe(code);

    // Someone who came through a friend's link keeps the friend's code, even after asking in the group.
    const friendCode = app.core.referralCodeOf({ platform: 'telegram', userId: '5550007001' });
    const invited: TestUser = { id: 5550007103, firstName: 'Invited', lang: 'en' };
    await say(privateText(invited, `/start ${friendCode}`));
    await say(groupText(invited, GROUP, '/sign'));
    await signAnonymously(invited, 'US');
    expect((await app.core.petition.signatureOf(signer(invited)))!.referral).toBe(friendCode);

    expect(await app.core.referrals.signedThrough(code)).toBe(1);
    const counted = rowsOf<{ n: number }>(await app.database.db.execute(sql`select count(*)::int as n from signatures where referral = ${code}`));
    expect(counted[0]!.n).toBe(1);
  });
});
