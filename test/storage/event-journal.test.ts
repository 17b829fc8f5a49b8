/**
 * The event journal on both drivers: an event's claim, its effects and its
 * replies commit together or not at all; a redelivery is handled afresh,
 * replayed or dropped; instances never both handle one event.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBusyError, type EventOutcome, type Locale } from '../../src/core/index.ts';
import { createDialogueRepository } from '../../src/storage/dialogue-repository.ts';
import { createEventJournal } from '../../src/storage/event-journal.ts';
import { createPreferenceRepository } from '../../src/storage/preference-repository.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { contextualDb } from '../../src/storage/unit-of-work.ts';
import { DRIVERS, openTestDatabase } from '../support/databases.ts';
import { testClock } from '../support/test-app.ts';

const quiet = { warn() {} };

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`event journal on ${driver.name}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    const clock = testClock('2026-11-29T15:00:00Z');
    const journal = () => createEventJournal(contextualDb(handle.database.db), clock, quiet);
    const dialogues = () => createDialogueRepository(contextualDb(handle.database.db), clock);
    const preferences = () => createPreferenceRepository(contextualDb(handle.database.db), clock);
    const row = async (source: string, id: string) =>
      rowsOf<{ state: string; replies: unknown }>(
        await handle.database.db.execute(sql`select state, replies from processed_events where source = ${source} and event_id = ${id}`),
      )[0] ?? null;

    beforeAll(async () => {
      handle = await openTestDatabase(driver.name);
    });
    afterAll(async () => handle?.dispose());

    it('handles an event once per source, whatever order ids come in; a delivered one is dropped after', async () => {
      const j = journal();
      let runs = 0;
      const work = async () => [{ text: `reply ${++runs}` }];
      for (const id of ['900', '100']) {
        expect(await j.once({ source: 'telegram', id }, 'telegram:1', work)).toMatchObject({ kind: 'handled' });
        await j.delivered({ source: 'telegram', id });
      }
      expect(await j.once({ source: 'telegram', id: '900' }, 'telegram:1', work)).toEqual({ kind: 'done' });
      expect(await j.once({ source: 'telegram', id: '100' }, 'telegram:1', work)).toEqual({ kind: 'done' });
      // Another platform's id space is separate.
      expect(await j.once({ source: 'discord', id: '900' }, 'discord:user:1', work)).toMatchObject({ kind: 'handled' });
      expect(runs).toBe(3);
    });

    it('lets exactly one of many concurrent deliveries (several instances) handle the event; the rest are busy', async () => {
      const instances = [1, 2, 3, 4].map(() => journal());
      let runs = 0;
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          instances[i % 4]!.once({ source: 'telegram', id: '424242' }, 'telegram:2', async () => [{ text: String(++runs) }]).catch((e: unknown) => e),
        ),
      );
      expect(runs).toBe(1);
      expect(outcomes.filter((o) => (o as EventOutcome<unknown>).kind === 'handled')).toHaveLength(1);
      expect(outcomes.filter((o) => o instanceof EventBusyError)).toHaveLength(19);
    });

    it('answers a read-only event first and claims it with its replies: one of many deliveries answers, a redelivery finds it', async () => {
      const instances = [1, 2, 3, 4].map(() => journal());
      let runs = 0;
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          instances[i % 4]!.once({ source: 'telegram', id: '515151' }, 'telegram:5', async () => [{ text: `count ${++runs}` }], { readOnly: true }).catch(
            (e: unknown) => e,
          ),
        ),
      );
      // Each delivery may have answered, but only one answer was recorded and only its delivery sends it.
      const handled = outcomes.filter((o) => (o as EventOutcome<unknown>).kind === 'handled') as Array<{ result: Array<{ text: string }> }>;
      expect(handled).toHaveLength(1);
      expect(outcomes.filter((o) => o instanceof EventBusyError)).toHaveLength(11);
      expect(await row('telegram', '515151')).toEqual({ state: 'answered', replies: handled[0]!.result });
      await instances[0]!.delivered({ source: 'telegram', id: '515151' });
      expect(await instances[1]!.once({ source: 'telegram', id: '515151' }, 'telegram:5', async () => [{ text: 'again' }], { readOnly: true })).toEqual({ kind: 'done' });
      // A failed read-only handler leaves no claim: the redelivery answers.
      await expect(instances[2]!.once({ source: 'telegram', id: '515152' }, 'telegram:5', async () => Promise.reject(new Error('down')), { readOnly: true })).rejects.toThrow('down');
      expect(await row('telegram', '515152')).toBeNull();
    });

    it('keeps nothing of a handler that failed: its writes roll back with the claim, and a redelivery handles it afresh', async () => {
      const j = journal();
      const failing = j.once({ source: 'telegram', id: '7001' }, 'telegram:3', async () => {
        await dialogues().set('sign:made-up-signer', { step: 'country' }, 3600);
        throw new Error('the process dies here');
      });
      await expect(failing).rejects.toThrow('the process dies here');
      expect(await dialogues().get('sign:made-up-signer')).toBeNull();
      expect(await row('telegram', '7001')).toBeNull();

      const again = await j.once({ source: 'telegram', id: '7001' }, 'telegram:3', async () => {
        await dialogues().set('sign:made-up-signer', { step: 'country' }, 3600);
        return [{ text: 'Which country?' }];
      });
      expect(again).toEqual({ kind: 'handled', result: [{ text: 'Which country?' }] });
      expect(await dialogues().get('sign:made-up-signer')).toEqual({ step: 'country' });
    });

    it('starts a storage-only handler with its claim, and keeps nothing it wrote when the event proves a redelivery', async () => {
      const j = journal();
      const event = { source: 'telegram', id: '7010' };
      let told = 0;
      const options = { storageOnly: true, onClaimed: () => void (told += 1) };
      // A read, then a write: the write goes out after the claim's answer is known.
      const setTo = (language: Locale) => async () => {
        await preferences().language('made-up-signer-7010');
        await preferences().setLanguage('made-up-signer-7010', language);
        return [{ text: `language ${language}` }];
      };
      expect(await j.once(event, 'telegram:7', setTo('ko'), options)).toEqual({ kind: 'handled', result: [{ text: 'language ko' }] });
      expect(told).toBe(1);
      // Still within the answering instance's lease: busy, and the second run's write is gone.
      await expect(j.once(event, 'telegram:7', setTo('zh'), options)).rejects.toBeInstanceOf(EventBusyError);
      await j.delivered(event);
      const failing = async () => {
        await preferences().language('made-up-signer-7010');
        await preferences().setLanguage('made-up-signer-7010', 'en');
        throw new Error('a run that proves a redelivery fails too');
      };
      expect(await j.once(event, 'telegram:7', failing, options)).toEqual({ kind: 'done' });
      expect(await preferences().language('made-up-signer-7010')).toBe('ko');
      expect(told).toBe(1);
    });

    it('fails a storage-only event whose handler fails before its claim is known, and keeps no claim', async () => {
      const j = journal();
      const event = { source: 'telegram', id: '7013' };
      await expect(j.once(event, 'telegram:9', async () => {
        throw new Error('refused at once');
      }, { storageOnly: true })).rejects.toThrow('refused at once');
      expect(await row('telegram', '7013')).toBeNull();
    });

    it('runs a storage-only handler after the event of its conversation under way elsewhere has committed', async () => {
      const [first, second] = [journal(), journal()];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let firstClaimed!: () => void;
      const claimed = new Promise<void>((resolve) => (firstClaimed = resolve));
      const earlier = first.once({ source: 'telegram', id: '7011' }, 'telegram:8', async () => {
        await preferences().setLanguage('made-up-signer-7011', 'ko');
        await gate;
        return [{ text: 'language set' }];
      }, { onClaimed: firstClaimed });
      await claimed;
      let seen: string | null | undefined;
      // Its query is started as the handler is called, with nothing awaited before it.
      const readAtOnce = () =>
        contextualDb(handle.database.db)
          .execute(sql`select language from preferences where signer_key = ${'made-up-signer-7011'}`)
          .then((result) => {
            seen = rowsOf<{ language: string }>(result)[0]?.language ?? null;
            return [{ text: `language was ${seen}` }];
          });
      const later = second.once({ source: 'telegram', id: '7012' }, 'telegram:8', readAtOnce, { storageOnly: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
      // The later event's read waits behind its claim, which waits for the conversation.
      expect(seen).toBeUndefined();
      release();
      await earlier;
      expect(await later).toEqual({ kind: 'handled', result: [{ text: 'language was ko' }] });
    });

    it('replays the recorded replies of an event answered but never delivered, once its lease ran out, to one taker', async () => {
      const j = journal();
      await j.once({ source: 'telegram', id: '7002' }, 'telegram:4', async () => [{ text: 'Thank you, Made Up Name' }]);
      // The instance that answered is still within its lease: a redelivery must wait.
      await expect(j.once({ source: 'telegram', id: '7002' }, 'telegram:4', async () => [])).rejects.toBeInstanceOf(EventBusyError);
      clock.set('2026-11-29T15:01:00Z');
      const takers = await Promise.all([journal(), journal(), journal()].map((k) => k.once({ source: 'telegram', id: '7002' }, 'telegram:4', async () => [{ text: 'handled twice' }]).catch((e: unknown) => e)));
      expect(takers.filter((t) => (t as EventOutcome<unknown>).kind === 'replay')).toEqual([{ kind: 'replay', result: [{ text: 'Thank you, Made Up Name' }] }]);
      expect(takers.filter((t) => t instanceof EventBusyError)).toHaveLength(2);
      // Delivered: the replies (which may hold a name) are forgotten, the id kept.
      await j.delivered({ source: 'telegram', id: '7002' });
      expect(await row('telegram', '7002')).toEqual({ state: 'done', replies: null });
      clock.set('2026-11-29T15:00:00Z');
    });

    it('says an event was seen once its claim committed, answered or delivered, and not while it failed', async () => {
      const j = journal();
      const event = { source: 'telegram', id: '7003' };
      expect(await j.seen(event)).toBe(false);
      await expect(j.once(event, 'telegram:6', async () => {
        throw new Error('the process dies here');
      })).rejects.toThrow();
      expect(await j.seen(event)).toBe(false);
      await j.once(event, 'telegram:6', async () => [{ text: 'answered' }]);
      expect(await j.seen(event)).toBe(true);
      await j.delivered(event);
      expect(await j.seen(event)).toBe(true);
      expect(await j.seen({ source: 'discord', id: '7003' })).toBe(false);
    });

    it('sweeps ids older than a week, and only those', async () => {
      const j = journal();
      clock.set('2026-11-01T00:00:00Z');
      await j.once({ source: 'telegram', id: 'old-1' }, 'telegram:5', async () => []);
      clock.set('2026-11-05T00:00:00Z');
      await j.once({ source: 'telegram', id: 'recent-1' }, 'telegram:5', async () => []);
      clock.set('2026-11-09T00:00:00Z');
      await j.once({ source: 'telegram', id: 'new-1' }, 'telegram:5', async () => []);
      await j.sweep();
      const ids = rowsOf<{ event_id: string }>(
        await handle.database.db.execute(sql`select event_id from processed_events where event_id in ('old-1', 'recent-1', 'new-1') order by event_id`),
      ).map((r) => r.event_id);
      expect(ids).toEqual(['new-1', 'recent-1']);
      clock.set('2026-11-29T15:00:00Z');
    });
  });
}
