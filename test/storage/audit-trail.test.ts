import { text } from 'node:stream/consumers';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { checkCaseRow } from '../../src/core/index.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { DRIVERS, freshDatabaseUrl } from '../support/databases.ts';
import { createTestApp, testClock } from '../support/test-app.ts';

const STAFF = 'slack:U0STAFF1';
const row = (number: number) => ({ number, kind: 'refugee', summary_en: 'Made-up case.', summary_ko: '가상의 사례입니다.', summary_zh: '虚构的个案。' });

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`the audit table, ${driver.name}`, () => {
    const clock = testClock('2026-11-29T15:00:00Z');
    let app: App;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const fresh = await freshDatabaseUrl(driver.name);
      drop = fresh.drop;
      // No audit option: the app's default, the audit_log table.
      app = await createTestApp({ url: fresh.url, clock });
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('records every staff action the core performs, with who, what, when and how many, and no supporter name', async () => {
      const { core } = app;
      await core.petition.sign({ platform: 'telegram', userId: '1' }, { name: { style: 'full', name: 'Mina Example' }, country: 'KR', language: 'en' });
      await core.petition.sign({ platform: 'telegram', userId: '2' }, { name: { style: 'full', name: 'Xi Jinping' }, country: 'KR', language: 'en' });
      await core.petition.sign({ platform: 'telegram', userId: '3' }, { name: { style: 'full', name: 'Fuck You' }, country: 'KR', language: 'en' });
      // Seeding the embedded database's sample cases is recorded too; start counting after it.
      const before = (await core.auditHistory.latest(100)).length;

      const exported = await core.exports.signatures('en', STAFF);
      await text(exported.csv);
      await exported.done;
      clock.set('2026-11-29T15:01:00Z');
      await core.announcements.send({ en: 'Thank you all', ko: '감사합니다', zh: '谢谢大家' }, STAFF, 'announcement-1');
      const added = checkCaseRow(row(901));
      if (!added.ok) throw new Error(added.reason);
      await core.list.save(added.case, STAFF, 'add');
      await core.list.save(added.case, STAFF, 'edit');
      await core.list.importFile(JSON.stringify([row(902), row(903), { number: 'x' }]), 'json', STAFF);
      expect(await core.list.remove(901, STAFF)).toBe(true);
      expect(await core.list.remove(901, STAFF)).toBe(false);
      clock.set('2026-11-29T15:02:00Z');
      const held = (await core.review.queue()).groups.flatMap((g) => g.sample.map((s) => s.id));
      expect(held).toHaveLength(2);
      await core.review.approve({ ids: [held[0]!] }, STAFF);
      await core.review.invalidate({ rule: 'watch-list' }, 'abusive', STAFF);
      const [valid] = rowsOf<{ id: number | string }>(await app.database.db.execute(sql`select id from signatures where state = 'valid' and name_style = 'full' order by id limit 1`));
      await core.review.redact(Number(valid!.id), STAFF);

      const entries = (await core.auditHistory.latest(100)).slice(0, -before || undefined);
      expect(entries.map((e) => e.action).reverse()).toEqual([
        'export',
        'export.completed',
        'announce',
        'list.add',
        'list.edit',
        'list.import',
        'list.remove',
        'review.approve',
        'review.invalidate',
        'review.redact',
      ]);
      expect(entries.every((e) => e.actor === STAFF)).toBe(true);
      const byAction = Object.fromEntries(entries.map((e) => [e.action, e]));
      expect(byAction['announce']).toMatchObject({ detail: { announcement: 'announcement-1' }, at: new Date('2026-11-29T15:01:00Z') });
      expect(byAction['list.import']!.detail).toEqual({ accepted: 2, rejected: 1 });
      expect(byAction['list.remove']!.detail).toEqual({ case: 901 });
      expect(byAction['review.approve']!.detail).toMatchObject({ changed: 1, ids: String(held[0]) });
      expect(byAction['review.invalidate']!.detail).toMatchObject({ changed: 1, rule: 'watch-list', reason: 'abusive' });
      expect(byAction['review.redact']!.detail).toMatchObject({ signature: Number(valid!.id) });
      expect(byAction['review.redact']!.at.toISOString()).toBe('2026-11-29T15:02:00.000Z');
      expect(JSON.stringify(entries)).not.toMatch(/Mina|Xi Jinping|Fuck/);
    });

    it('reads the latest entries newest first, at most a hundred', async () => {
      for (let i = 0; i < 3; i++) await app.core.audit.record({ actor: STAFF, action: `test.${i}`, detail: { n: i }, at: clock() });
      const latest = await app.core.auditHistory.latest(2);
      expect(latest.map((e) => e.action)).toEqual(['test.2', 'test.1']);
      expect(latest[0]!.id).toBeGreaterThan(latest[1]!.id);
      expect((await app.core.auditHistory.latest(1_000_000)).length).toBeLessThanOrEqual(100);
    });
  });
}
