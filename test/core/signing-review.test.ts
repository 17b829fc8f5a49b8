import type { IncomingMessage, ServerResponse } from 'node:http';
import { text } from 'node:stream/consumers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SignInput } from '../../src/core/petition-service.ts';
import type { SigningActivity, SigningCount } from '../../src/core/index.ts';
import { DEFAULT_REVIEW_POLICY, NO_REVIEW_POLICY } from '../../src/core/review-policy.ts';
import { createSignerKeyer } from '../../src/core/signer-key.ts';
import { SigningReview } from '../../src/core/signing-review.ts';
import { compileWatchList } from '../../src/core/watch-list.ts';
import { openStatsHandler } from '../../src/server/open-stats.ts';
import { OPEN_FIGURES } from '../../src/web/public-figures.ts';
import { createStatsFeed, readPublicFigures } from '../../src/web/stats-feed.ts';
import { createMemoryCore, type MemoryApp } from '../support/memory/memory-core.ts';
import { testCampaign, testClock } from '../support/test-app.ts';

const SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** Made-up names from several scripts, none on a watch list. */
const LEGITIMATE_NAMES = [
  'Ana Example', 'Wang Xi', 'Xi Wang', 'Jinping Liu', 'Cassandra Scunthorpe', 'Charles Dickens', 'Kim Jong-min', 'Kim Jung-eun',
  '김정민', '이시진', '王小明', '习文', '近平', 'Maosheng Deng', 'Antonio Morón', 'Jackson Fuchs', 'Sakura Example', 'Olu Example',
  'Mina Park', '李明',
];

// Small surge limits so the test signs dozens, not hundreds; the rule is the same.
const SURGE = { perReferralPerMinute: 10, perCommunityPerMinute: 10, platformFactor: 5, platformMinPerMinute: 40 };

describe('review rules at signing', () => {
  const clock = testClock('2026-11-29T15:00:00Z');
  let app: MemoryApp;
  let next = 0;

  // The review rules are core logic; the SQL they rely on (the same-name check in the insert, the shared
  // surge counts, the review queries) is held to the same contract in test/storage/port-contract.test.ts.
  beforeAll(async () => {
    app = await createMemoryCore({ clock, campaign: testCampaign({ review: { surge: SURGE } }) });
  });

  const sign = (name: string | null, options: Partial<SignInput> & { platform?: string } = {}) =>
    app.core.petition.sign(
      { platform: options.platform ?? 'telegram', userId: `u${++next}` },
      {
        name: name === null ? { style: 'anonymous' } : { style: 'full', name },
        country: options.country ?? 'KR',
        language: 'en',
        referral: options.referral ?? null,
        signals: options.signals,
      },
    );
  const stateOf = async (promise: ReturnType<typeof sign>) => {
    const outcome = await promise;
    if (outcome.status !== 'signed') throw new Error(`not signed: ${outcome.status}`);
    return outcome.signature.state;
  };
  /** A new day for each rule, so one test's surge windows and names do not reach the next. */
  const newDay = (day: number) => clock.set(`2026-10-${String(day).padStart(2, '0')}T12:00:00Z`);

  it('watch list: holds the addressee, officials and insults, passes 20 legitimate names', async () => {
    newDay(1);
    const before = (await app.core.petition.summary()).total;
    for (const name of LEGITIMATE_NAMES) expect(await stateOf(sign(name))).toBe('valid');
    for (const name of ['Xi Jinping', '習近平', '시진핑', 'Kim Jong Un', 'Fuck You', '傻逼']) expect(await stateOf(sign(name))).toBe('held');
    const total = (await app.core.petition.summary()).total;
    expect(total - before).toBe(LEGITIMATE_NAMES.length);
    // Initials of a watched name are harmless: only a name shown in full is held.
    const initials = await app.core.petition.sign({ platform: 'telegram', userId: `u${++next}` }, { name: { style: 'initials', name: 'Xi Jinping' }, country: 'CN', language: 'en' });
    expect(initials).toMatchObject({ status: 'signed', signature: { displayName: 'X. J.', state: 'valid' } });
  });

  it('a held signature is stored and "already signed" for its signer, says so in /mydata, and is not counted', async () => {
    newDay(2);
    const who = { platform: 'telegram', userId: 'held-signer' };
    const first = await app.core.petition.sign(who, { name: { style: 'full', name: 'Xi Jin Ping' }, country: 'US', language: 'en' });
    expect(first).toMatchObject({ status: 'signed', signature: { state: 'held' } });
    const total = first.status === 'signed' ? first.total : -1;
    expect((await app.core.petition.summary()).total).toBe(total);
    const again = await app.core.petition.sign(who, { name: { style: 'full', name: 'Someone Else' }, country: 'US', language: 'en' });
    expect(again).toMatchObject({ status: 'already-signed', signature: { displayName: 'Xi Jin Ping', state: 'held' } });
    const mine = await app.core.petition.signatureOf(who);
    expect(mine?.state).toBe('held');
    const reply = app.chat.render.myData('en', { signature: mine, language: null, subscriptions: [], pendingSignature: false });
    expect(reply.text).toContain(app.core.t('en', 'mydata.held'));
    // Withdrawing a held signature deletes it and leaves the total as it was.
    expect(await app.core.petition.withdraw(who)).toEqual({ status: 'withdrawn', total });
  });

  it('new account: holds an account younger than the minimum age, passes 20 older or unknown accounts', async () => {
    newDay(3);
    const now = clock();
    const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
    for (let i = 0; i < 20; i++) {
      const signals = i % 4 === 0 ? undefined : { accountCreatedAt: days(8 + i * 100) };
      expect(await stateOf(sign(`New Account Ok ${i}`, { platform: 'discord', signals }))).toBe('valid');
    }
    expect(await stateOf(sign('Brand New', { platform: 'discord', signals: { accountCreatedAt: days(2) } }))).toBe('held');
    expect(await stateOf(sign('Six Days Old', { platform: 'discord', signals: { accountCreatedAt: days(6.9) } }))).toBe('held');
  });

  it('same name elsewhere: holds the same name and country from another platform within a day, passes 20 others', async () => {
    newDay(4);
    const names = ['Mina Kim', 'Jun Lee', 'Ana Silva', 'Lucas Example', 'Hana Cho', 'Tom Example', 'Yuna Park', 'Wei Zhang', 'Sara Ali', 'Ben Example'];
    for (const name of names) expect(await stateOf(sign(name, { platform: 'telegram', country: 'KR' }))).toBe('valid');
    // The same names from another platform but another country: different people.
    for (const name of names) expect(await stateOf(sign(name, { platform: 'discord', country: 'JP' }))).toBe('valid');
    // Spelled differently, same person: held.
    expect(await stateOf(sign('KIM  MINA', { platform: 'discord', country: 'KR' }))).toBe('held');
    // The same platform twice is not this rule's business (two people may share a name on one platform).
    expect(await stateOf(sign('Jun Lee', { platform: 'telegram', country: 'KR' }))).toBe('valid');
    // More than a day later it is no longer suspicious.
    clock.set('2026-10-05T12:00:01Z');
    expect(await stateOf(sign('Hana Cho', { platform: 'discord', country: 'KR' }))).toBe('valid');
  });

  it('surge through one referral code: holds what is over the limit in a minute, passes 20 at a steady pace', async () => {
    newDay(6);
    const start = clock().getTime();
    for (let i = 0; i < 20; i++) {
      clock.set(new Date(start + i * 12_000).toISOString()); // 5 a minute
      expect(await stateOf(sign(`Steady Referral ${i}`, { referral: 'rSteady' }))).toBe('valid');
    }
    clock.set(new Date(start + 3_600_000).toISOString());
    const states = [];
    for (let i = 0; i < 13; i++) states.push(await stateOf(sign(`Burst Referral ${i}`, { referral: 'rBurst' })));
    expect(states.slice(0, 10).every((s) => s === 'valid')).toBe(true);
    expect(states.slice(10)).toEqual(['held', 'held', 'held']);
    const held = await app.core.review.queue();
    expect(held.groups.find((g) => g.rule === 'surge-referral')?.count).toBe(3);
  });

  it('surge from one community: holds what is over the limit, passes 20 spread over communities', async () => {
    newDay(8);
    for (let i = 0; i < 20; i++) {
      expect(await stateOf(sign(`Community Member ${i}`, { platform: 'discord', signals: { community: `discord:guild:${i % 4}` } }))).toBe('valid');
    }
    const states = [];
    for (let i = 0; i < 12; i++) states.push(await stateOf(sign(`Raid Member ${i}`, { platform: 'discord', signals: { community: 'discord:guild:raid' } })));
    expect(states.filter((s) => s === 'held')).toHaveLength(2);
    expect(states.slice(0, 10).every((s) => s === 'valid')).toBe(true);
  });

  it('platform-wide surge: holds a minute far above the trailing hour, passes 20 at its usual pace', async () => {
    newDay(10);
    const start = clock().getTime();
    // An hour at one signing a minute; the first 20 of them are the legitimate ones checked here.
    for (let m = 0; m < 60; m++) {
      clock.set(new Date(start + m * 60_000).toISOString());
      const state = await stateOf(sign(`Usual Pace ${m}`, { country: 'CA' }));
      if (m < 20) expect(state).toBe('valid');
    }
    clock.set(new Date(start + 60 * 60_000 + 5_000).toISOString());
    const states = [];
    for (let i = 0; i < 45; i++) states.push(await stateOf(sign(`Sudden Wave ${i}`, { country: 'CA' })));
    // The floor (40 a minute) lets a burst through before the rule looks at the trailing hour at all.
    expect(states.slice(0, 39).every((s) => s === 'valid')).toBe(true);
    expect(states.slice(41).every((s) => s === 'held')).toBe(true);
  });

  it('held signatures are in no count, no open data figure and no export, but in the review counts', async () => {
    const summary = await app.core.petition.summary();
    const held = await app.core.review.queueSize();
    expect(held).toBeGreaterThan(10);
    const exported = await app.core.exports.signatures('en', 'test:staff');
    const csv = await text(exported.csv);
    const { rows } = await exported.done;
    expect(rows).toBe(summary.total);
    for (const name of ['Xi Jinping', '習近平', 'KIM  MINA', 'Burst Referral 12', 'Raid Member 11', 'Brand New']) expect(csv).not.toContain(name);
    expect(csv).toContain('Burst Referral 0');

    const body = await openStats(app);
    expect(body.total).toBe(summary.total);
    expect(Object.values(body.byCountry as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(summary.total);
    expect((body.perDay as Array<{ count: number }>).reduce((a, d) => a + d.count, 0)).toBe(summary.total);
    expect(body.review).toMatchObject({ held: { total: held, byRule: { 'watch-list': 6, 'new-account': 2, 'same-name-elsewhere': 1, 'surge-referral': 3, 'surge-community': 2 } } });
    expect(JSON.stringify(body)).not.toMatch(/Brand New|Raid Member|Burst Referral|KIM  MINA/);
  });

  it('rules switched off in the campaign file: new signings are valid and nothing already held is lost', async () => {
    const heldBefore = await app.core.review.queueSize();
    // What the next start builds after the campaign file switches every rule off.
    const restarted = (
      await createMemoryCore({
        tables: app.tables,
        clock,
        campaign: testCampaign({ review: NO_REVIEW_POLICY }),
        watchList: compileWatchList([{ name: 'addressee', tokens: ['Xi Jinping'], within: [] }]),
      })
    ).core;
    const outcome = await restarted.petition.sign({ platform: 'telegram', userId: 'after-switch-off' }, { name: { style: 'full', name: 'Xi Jinping' }, country: 'KR', language: 'en' });
    expect(outcome).toMatchObject({ status: 'signed', signature: { state: 'valid' } });
    expect(await restarted.review.queueSize()).toBe(heldBefore);
  });
});

describe('SigningReview with fakes', () => {
  const keyOf = createSignerKeyer(SECRET);
  const watchList = compileWatchList([{ name: 'addressee', tokens: ['Xi Jinping'], within: ['习近平'] }]);
  const at = new Date('2026-11-29T15:00:00Z');
  const candidate = { displayName: 'Xi Jinping', nameStyle: 'full' as const, country: 'CN', platform: 'discord', referral: null, at };

  it('evaluates each rule only when it is switched on, and leaves the same-name check to the insert, for full names only', async () => {
    const asked: string[] = [];
    const review = (policy: typeof DEFAULT_REVIEW_POLICY) =>
      new SigningReview('c', policy, watchList, { exchange: async () => (asked.push('activity'), []) }, keyOf);
    expect(await review(DEFAULT_REVIEW_POLICY).assess(candidate)).toMatchObject({ heldRule: 'watch-list', holdIfSameName: null });
    expect(await review(NO_REVIEW_POLICY).assess(candidate)).toMatchObject({ heldRule: null, holdIfSameName: null });
    expect(asked).toEqual(['activity']);
    const sameNameOnly = { ...NO_REVIEW_POLICY, sameName: DEFAULT_REVIEW_POLICY.sameName };
    expect(await review(sameNameOnly).assess({ ...candidate, displayName: 'Ana Example' })).toMatchObject({
      heldRule: null,
      holdIfSameName: { rule: 'same-name-elsewhere', since: new Date('2026-11-28T15:00:00Z') },
    });
    expect((await review(sameNameOnly).assess({ ...candidate, displayName: 'A. E.', nameStyle: 'initials' })).holdIfSameName).toBeNull();
    expect(asked).toEqual(['activity']);
  });

  it('shares surge counts between instances through storage, so a surge split over two instances is still one', async () => {
    const shared = new Map<string, SigningCount>();
    const activity: SigningActivity = {
      async exchange(_campaign, counted, since) {
        for (const c of counted) {
          const id = `${c.minute.toISOString()} ${c.scope} ${c.key}`;
          shared.set(id, { ...c, count: (shared.get(id)?.count ?? 0) + c.count });
        }
        return [...shared.values()].filter((c) => c.minute.getTime() >= Math.floor(since.getTime() / 60_000) * 60_000);
      },
    };
    const policy = { ...NO_REVIEW_POLICY, surge: { ...DEFAULT_REVIEW_POLICY.surge, perReferralPerMinute: 10 } };
    const [a, b] = [new SigningReview('c', policy, watchList, activity, keyOf), new SigningReview('c', policy, watchList, activity, keyOf)];
    const t0 = Date.parse('2026-11-29T15:00:00Z');
    const sign = (instance: SigningReview, second: number) =>
      instance.assess({ ...candidate, displayName: 'Ana Example', referral: 'rSplit', at: new Date(t0 + second * 1000) });
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 5; i++) expect((await sign(a, i)).heldRule).toBeNull();
    for (let i = 0; i < 5; i++) expect((await sign(b, 5 + i)).heldRule).toBeNull();
    // Fifteen seconds after its last exchange, each instance shares what it counted and reads the other's.
    expect((await sign(a, 16)).heldRule).toBeNull();
    await settle();
    // The eleventh signing through one code in a minute is over the limit of ten, though neither instance counted more than six.
    expect((await sign(b, 21)).heldRule).toBe('surge-referral');
  });

  it('keys names so spellings of one name compare equal, and keeps no key for initials or anonymous signers', async () => {
    const review = new SigningReview('c', NO_REVIEW_POLICY, watchList, { exchange: async () => [] }, keyOf);
    const a = await review.assess({ ...candidate, displayName: 'Mina Kim' });
    const b = await review.assess({ ...candidate, displayName: 'KIM  MINA' });
    expect(a.nameKey).toBe(b.nameKey);
    expect(a.nameKey).not.toContain('mina');
    expect((await review.assess({ ...candidate, displayName: 'M. K.', nameStyle: 'initials' })).nameKey).toBeNull();
    expect((await review.assess({ ...candidate, displayName: null, nameStyle: 'anonymous' })).nameKey).toBeNull();
  });
});

async function openStats(app: MemoryApp): Promise<Record<string, unknown>> {
  let body = '';
  const res = { writeHead: () => res, end: (chunk?: string) => void (body = chunk ?? '') } as unknown as ServerResponse;
  const clock = () => new Date('2026-11-29T15:00:00Z');
  const feed = createStatsFeed(() => readPublicFigures(app.core), clock);
  await openStatsHandler(app.core.campaign, feed, clock, OPEN_FIGURES)({ method: 'GET', headers: {} } as IncomingMessage, res);
  return JSON.parse(body) as Record<string, unknown>;
}
