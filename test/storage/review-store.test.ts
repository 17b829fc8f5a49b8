import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewSignature, SignatureStore } from '../../src/core/index.ts';
import { createReceiptKeyer } from '../../src/core/receipt.ts';
import { ReviewService } from '../../src/core/review-service.ts';
import { createAuditRepository } from '../../src/storage/audit-repository.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { createReviewRepository } from '../../src/storage/review-repository.ts';
import { createSignatureExport } from '../../src/storage/signature-export.ts';
import { createSignatureRepository } from '../../src/storage/signature-repository.ts';
import { createSigningActivityRepository } from '../../src/storage/signing-activity-repository.ts';
import { DRIVERS, openTestDatabase } from '../support/databases.ts';
import { newSignature } from '../support/new-signature.ts';

const CAMPAIGN = 'review-campaign';
const T0 = Date.parse('2026-11-29T15:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`review on the signatures table, ${driver.name}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    let store: SignatureStore;
    let review: ReviewService;
    let audit: ReturnType<typeof createAuditRepository>;
    let key = 0;

    const query = async <T>(text: ReturnType<typeof sql>) => rowsOf<T>(await handle.database.db.execute(text));
    const rowCount = async () => Number((await query<{ n: number }>(sql`select count(*)::int as n from signatures`))[0]!.n);
    const statesById = async () =>
      new Map((await query<{ id: number | string; state: string }>(sql`select id, state from signatures order by id`)).map((r) => [Number(r.id), r.state]));
    const idsWhere = async (condition: ReturnType<typeof sql>) =>
      (await query<{ id: number | string }>(sql`select id from signatures where ${condition} order by id`)).map((r) => Number(r.id));
    /** The tallies must always equal a full count of valid rows. */
    const expectTalliesMatchRows = async () => {
      const rows = await query<{ country: string; n: number }>(
        sql`select country, count(*)::int as n from signatures where campaign_id = ${CAMPAIGN} and state = 'valid' group by country`,
      );
      const byCountry = Object.fromEntries(rows.map((r) => [r.country, Number(r.n)]));
      const totals = await store.totals(CAMPAIGN);
      expect(totals.byCountry).toEqual(byCountry);
      expect(totals.total).toBe(rows.reduce((sum, r) => sum + Number(r.n), 0));
      const perDay = await store.perDay(CAMPAIGN);
      expect(perDay.reduce((sum, d) => sum + d.count, 0)).toBe(totals.total);
    };
    const insert = (overrides: Partial<NewSignature> = {}) => store.insert(CAMPAIGN, `k${++key}`, newSignature(overrides));

    beforeAll(async () => {
      handle = await openTestDatabase(driver.name);
      store = createSignatureRepository(handle.database.db);
      audit = createAuditRepository(handle.database.db);
      review = new ReviewService(CAMPAIGN, createReviewRepository(handle.database.db), audit, () => at(100));
    });
    afterAll(async () => handle?.dispose());
    beforeEach(async () => {
      await handle.database.db.execute(sql`truncate signatures, audit_log`);
    });

    it('counts valid signatures only, and the counts follow every change of state', async () => {
      const first = await insert({ country: 'KR', nameKey: 'name-key-1' });
      expect(first).toMatchObject({ inserted: true, total: 1 });
      // A held insert is told the total without it.
      expect(await insert({ country: 'US', heldRule: 'watch-list' })).toMatchObject({ inserted: true, total: 1 });
      await insert({ country: 'US', heldRule: 'surge-referral' });
      expect((await store.totals(CAMPAIGN)).total).toBe(1);
      await expectTalliesMatchRows();

      expect(await review.approve({ rule: 'watch-list' }, 'slack:U1')).toEqual({ changed: 1 });
      expect((await store.totals(CAMPAIGN)).byCountry).toEqual({ KR: 1, US: 1 });
      const [kr] = await idsWhere(sql`country = 'KR'`);
      expect(await review.invalidate({ ids: [kr!] }, 'duplicate', 'slack:U1', { includeValid: true })).toEqual({ changed: 1 });
      expect((await store.totals(CAMPAIGN)).byCountry).toEqual({ US: 1 });
      await expectTalliesMatchRows();

      // Erasing names rewrites every row and changes no count; deleting a held row changes none either.
      await store.eraseNames(CAMPAIGN);
      // The name's keyed hash goes with the name.
      expect(await idsWhere(sql`name_key is not null or display_name is not null`)).toEqual([]);
      await handle.database.db.execute(sql`delete from signatures where state = 'held'`);
      await expectTalliesMatchRows();
      expect((await store.totals(CAMPAIGN)).total).toBe(1);
    });

    it('exports valid signatures only', async () => {
      await insert({ displayName: 'Valid Person' });
      await insert({ displayName: 'Held Person', heldRule: 'watch-list' });
      await insert({ displayName: 'Invalid Person', heldRule: 'same-name-elsewhere' });
      await review.invalidate({ rule: 'same-name-elsewhere' }, 'duplicate', 'slack:U1');
      const names: Array<string | null> = [];
      for await (const row of createSignatureExport(handle.database.db).rows(CAMPAIGN)) names.push(row.displayName);
      expect(names).toEqual(['Valid Person']);
    });

    it('bulk invalidates by referral code: held ones by default, valid ones only when asked; idempotent; nothing deleted', async () => {
      await Promise.all([
        ...Array.from({ length: 6 }, () => insert({ referral: 'rBot', heldRule: 'surge-referral' })),
        ...Array.from({ length: 4 }, () => insert({ referral: 'rBot' })),
        ...Array.from({ length: 3 }, () => insert({ referral: 'rGood', heldRule: 'surge-referral' })),
        ...Array.from({ length: 2 }, () => insert({ referral: 'rGood' })),
      ]);
      const rows = await rowCount();
      const decision = { kind: 'invalidate', reason: 'automated' } as const;
      expect(await review.preview(decision, { referral: 'rBot' })).toBe(6);
      expect(await review.preview({ ...decision, includeValid: true }, { referral: 'rBot' })).toBe(10);
      expect(await review.invalidate({ referral: 'rBot' }, 'automated', 'slack:U1')).toEqual({ changed: 6 });
      expect(await review.invalidate({ referral: 'rBot' }, 'automated', 'slack:U2')).toEqual({ changed: 0 });
      expect((await store.totals(CAMPAIGN)).total).toBe(6);
      expect(await review.invalidate({ referral: 'rBot' }, 'automated', 'slack:U1', { includeValid: true })).toEqual({ changed: 4 });
      expect((await store.totals(CAMPAIGN)).total).toBe(2);
      expect(await rowCount()).toBe(rows);
      expect(await idsWhere(sql`referral = 'rGood' and state = 'held'`)).toHaveLength(3);
      expect(await review.transparency()).toEqual({
        held: { total: 3, byRule: { 'surge-referral': 3 } },
        invalid: { total: 10, byReason: { automated: 10 } },
        approved: { total: 0, byRule: {} },
      });
      await expectTalliesMatchRows();
      const entries = await audit.latest(10);
      expect(entries.map((e) => [e.actor, e.action, e.detail.changed])).toEqual([
        ['slack:U1', 'review.invalidate', 4],
        ['slack:U1', 'review.invalidate', 6],
      ]);
      expect(entries[1]!.detail).toMatchObject({ referral: 'rBot', reason: 'automated', includeValid: false });
    });

    it('bulk invalidates by time window: from is included, to is not', async () => {
      for (const minute of [0, 10, 20, 30, 40]) await insert({ signedAt: at(minute), heldRule: 'surge-platform' });
      expect(await review.preview({ kind: 'invalidate', reason: 'automated' }, { from: at(10), to: at(30) })).toBe(2);
      expect(await review.invalidate({ from: at(10), to: at(30) }, 'automated', 'slack:U1')).toEqual({ changed: 2 });
      const invalid = await query<{ signed_at: string | Date }>(sql`select signed_at from signatures where state = 'invalid' order by signed_at`);
      expect(invalid.map((r) => new Date(r.signed_at).toISOString())).toEqual([at(10).toISOString(), at(20).toISOString()]);
      // A window combined with a rule narrows it further.
      expect(await review.approve({ from: at(0), to: at(60), rule: 'watch-list' }, 'slack:U1')).toEqual({ changed: 0 });
      expect(await review.approve({ from: at(0), to: at(60) }, 'slack:U1')).toEqual({ changed: 3 });
      await expectTalliesMatchRows();
    });

    it('two staff members approving the same batch at once have one effect', async () => {
      await Promise.all(Array.from({ length: 300 }, (_, i) => insert({ country: i % 2 ? 'KR' : 'JP', heldRule: 'new-account' })));
      for (let round = 0; round < 3; round++) {
        const results = await Promise.all([
          review.approve({ rule: 'new-account' }, 'slack:U1'),
          review.approve({ rule: 'new-account' }, 'slack:U2'),
        ]);
        expect(results[0]!.changed + results[1]!.changed).toBe(round === 0 ? 300 : 0);
      }
      // Only the click that changed something is a staff action: one audit row.
      expect((await audit.latest(10)).map((e) => [e.action, e.detail.changed])).toEqual([['review.approve', 300]]);
      expect((await store.totals(CAMPAIGN)).total).toBe(300);
      await expectTalliesMatchRows();
    });

    it('approving and invalidating the same rows at once leaves each row in one state, and the counts right', async () => {
      await Promise.all(Array.from({ length: 200 }, () => insert({ heldRule: 'same-name-elsewhere' })));
      const [approved, invalidated] = await Promise.all([
        review.approve({ rule: 'same-name-elsewhere' }, 'slack:U1'),
        review.invalidate({ rule: 'same-name-elsewhere' }, 'duplicate', 'slack:U2'),
      ]);
      expect(approved.changed + invalidated.changed).toBe(200);
      const states = [...(await statesById()).values()];
      expect(states.filter((s) => s === 'valid')).toHaveLength(approved.changed);
      expect(states.filter((s) => s === 'invalid')).toHaveLength(invalidated.changed);
      await expectTalliesMatchRows();
    });

    it('lists the queue by rule with counts, time window and a sample of the newest', async () => {
      for (let i = 0; i < 7; i++) await insert({ displayName: `Surge Person ${i}`, signedAt: at(i), heldRule: 'surge-community' });
      await insert({ displayName: null, nameStyle: 'anonymous', signedAt: at(50), heldRule: 'new-account' });
      await insert({ displayName: 'Valid Person' });
      const queue = await review.queue(3);
      expect(queue.total).toBe(8);
      expect(await review.queueSize()).toBe(8);
      expect(queue.groups.map((g) => [g.rule, g.count])).toEqual([
        ['surge-community', 7],
        ['new-account', 1],
      ]);
      const surge = queue.groups[0]!;
      expect(surge.firstAt.toISOString()).toBe(at(0).toISOString());
      expect(surge.lastAt.toISOString()).toBe(at(6).toISOString());
      expect(surge.sample.map((s) => s.displayName)).toEqual(['Surge Person 6', 'Surge Person 5', 'Surge Person 4']);
      expect(surge.sample[0]).not.toHaveProperty('signerKey');
    });

    it('redacts a shown name to initials once, keeps the state, and records it without the name', async () => {
      await insert({ displayName: 'Kim Mina', nameKey: 'key-1', heldRule: 'watch-list' });
      await insert({ displayName: '王小明' });
      const [kim, wang] = await idsWhere(sql`true`);
      const results = await Promise.all([review.redact(kim!, 'slack:U1'), review.redact(kim!, 'slack:U2')]);
      expect(results.filter((r) => r.status === 'redacted')).toEqual([{ status: 'redacted', id: kim, initials: 'K. M.' }]);
      expect(results.filter((r) => r.status === 'nothing-to-redact')).toHaveLength(1);
      expect(await review.redact(wang!, 'slack:U1')).toMatchObject({ initials: '王○○' });
      expect(await review.redact(999_999, 'slack:U1')).toEqual({ status: 'not-found' });
      const rows = await query<{ display_name: string; name_style: string; name_key: string | null; state: string }>(
        sql`select display_name, name_style, name_key, state from signatures order by id`,
      );
      expect(rows).toEqual([
        { display_name: 'K. M.', name_style: 'initials', name_key: null, state: 'held' },
        { display_name: '王○○', name_style: 'initials', name_key: null, state: 'valid' },
      ]);
      const entries = await audit.latest(10);
      expect(entries.filter((e) => e.action === 'review.redact')).toHaveLength(2);
      expect(JSON.stringify(entries)).not.toMatch(/Kim|Mina|王/);
    });

    it('redacts by receipt code: the code is matched by scanning signer keys in pages, nothing stored for it', async () => {
      const receiptOf = createReceiptKeyer('made-up-secret-for-receipts', CAMPAIGN);
      const byCode = new ReviewService(CAMPAIGN, createReviewRepository(handle.database.db), audit, () => at(100), receiptOf);
      // More than one page of the scan (5,000 rows), the wanted one last.
      await handle.database.db.execute(
        sql`insert into signatures (campaign_id, signer_key, name_style, country, language, platform, signed_on)
            select ${CAMPAIGN}, 'scan-' || n, 'anonymous', 'KR', 'en', 'telegram', '2026-11-29' from generate_series(1, 5001) as n`,
      );
      await store.insert(CAMPAIGN, 'the-wanted-key', newSignature({ displayName: 'Kim Mina', nameKey: 'nk' }));
      const [wanted] = await idsWhere(sql`signer_key = 'the-wanted-key'`);
      const code = receiptOf('the-wanted-key');
      expect(await byCode.redactReference(code.toLowerCase().replace(/-/g, ' '), 'slack:U1')).toEqual({ status: 'redacted', id: wanted, initials: 'K. M.' });
      expect(await byCode.redactReference(receiptOf('nobody-signed-with-this'), 'slack:U1')).toEqual({ status: 'not-found' });
      expect(await byCode.redactReference(`#${wanted}`, 'slack:U1')).toEqual({ status: 'nothing-to-redact' });
      await expect(byCode.redactReference('not a code', 'slack:U1')).rejects.toMatchObject({ code: 'review.invalid-id' });
      expect((await audit.latest(10)).map((e) => e.action)).toEqual(['review.redact']);
    });

    it('refuses a selection without criteria, unknown rules and reasons, bad windows and ids, changing nothing', async () => {
      await insert({ heldRule: 'watch-list' });
      await expect(review.approve({}, 'slack:U1')).rejects.toMatchObject({ code: 'review.empty-selection' });
      await expect(review.approve({ rule: 'everything' }, 'slack:U1')).rejects.toMatchObject({ code: 'review.unknown-rule' });
      await expect(review.invalidate({ rule: 'watch-list' }, "'; drop table signatures; --", 'slack:U1')).rejects.toMatchObject({ code: 'review.unknown-reason' });
      await expect(review.approve({ from: at(10), to: at(5) }, 'slack:U1')).rejects.toMatchObject({ code: 'review.bad-window' });
      await expect(review.approve({ ids: [0] }, 'slack:U1')).rejects.toMatchObject({ code: 'review.invalid-id' });
      await expect(review.approve({ referral: 'r x' }, 'slack:U1')).rejects.toMatchObject({ code: 'referral.invalid' });
      expect(await review.queueSize()).toBe(1);
      expect(await audit.latest(10)).toEqual([]);
    });

    it('holds the same name and country from another platform in the insert itself, and nothing else', async () => {
      await insert({ nameKey: 'name-a', country: 'KR', platform: 'telegram', signedAt: at(0) });
      const holdIfSameName = { rule: 'same-name-elsewhere', since: at(-60) };
      const check = (overrides: Partial<NewSignature>) => insert({ nameKey: 'name-a', country: 'KR', platform: 'discord', signedAt: at(5), holdIfSameName, ...overrides });
      // One batch, as concurrent signings are.
      const results = await Promise.all([
        check({}),
        check({ platform: 'telegram' }),
        check({ country: 'JP' }),
        check({ nameKey: 'name-b' }),
        check({ holdIfSameName: { ...holdIfSameName, since: at(1) } }),
        check({ holdIfSameName: null }),
        check({ heldRule: 'watch-list' }),
      ]);
      expect(results.map((r) => (r.inserted ? r.state : 'not inserted'))).toEqual(['held', 'valid', 'valid', 'valid', 'valid', 'valid', 'held']);
      const rules = await query<{ held_rule: string | null }>(sql`select held_rule from signatures order by id`);
      expect(rules.map((r) => r.held_rule)).toEqual([null, 'same-name-elsewhere', null, null, null, null, null, 'watch-list']);
      // Each signer is told the valid total in order, without the held ones.
      expect(results.map((r) => (r.inserted ? r.total : -1))).toEqual([1, 2, 3, 4, 5, 6, 6]);
      await expectTalliesMatchRows();
    });

    it('shares per-minute surge counts between instances: adds, sums and forgets old minutes', async () => {
      const activity = createSigningActivityRepository(handle.database.db);
      const minute = at(0);
      const a = await activity.exchange(CAMPAIGN, [{ minute, scope: 'referral', key: 'rA', count: 3 }, { minute, scope: 'all', key: '', count: 5 }], at(-60));
      expect(a).toHaveLength(2);
      const b = await activity.exchange(CAMPAIGN, [{ minute, scope: 'referral', key: 'rA', count: 2 }, { minute: at(-200), scope: 'all', key: '', count: 9 }], at(-60));
      const view = (counts: typeof b) => counts.map((c) => [c.minute.toISOString(), c.scope, c.key, c.count]).sort();
      // The old minute is stored but outside the window asked for.
      expect(view(b)).toEqual([
        [minute.toISOString(), 'all', '', 5],
        [minute.toISOString(), 'referral', 'rA', 5],
      ]);
      expect(view(await activity.exchange('other-campaign', [], at(-60)))).toEqual([]);
      // Minutes more than an hour before the window are swept.
      await activity.exchange(CAMPAIGN, [], at(0));
      const left = await query<{ n: number }>(sql`select count(*)::int as n from signing_minutes where campaign_id = ${CAMPAIGN}`);
      expect(Number(left[0]!.n)).toBe(2);
    });
  });
}
