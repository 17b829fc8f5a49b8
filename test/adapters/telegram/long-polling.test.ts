/**
 * Long polling confirms an update (asks for the offset past it) only once it
 * was handled: a poller that dies in the middle leaves it for the next start,
 * an update another worker holds is waited for, and a failing one is tried
 * again rather than skipped.
 */
import { Api } from 'grammy';
import type { Update } from '@grammyjs/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLongPolling } from '../../../adapters/telegram/long-polling.ts';
import { EventBusyError } from '../../../src/core/index.ts';
import { FAKE_TOKEN, startFakeTelegramApi, type FakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { memoryLogger, privateText } from './telegram-harness.ts';

let api: FakeTelegramApi;
const user = { id: 5550007001, firstName: 'Poll', lang: 'en' };

beforeAll(async () => {
  api = await startFakeTelegramApi();
});
afterAll(async () => api.close());
beforeEach(() => api.reset());

/** A poller on the fake Bot API with short waits, handling updates with `handle`. */
function poller(handle: (update: Update) => Promise<void>) {
  const { logger, lines } = memoryLogger();
  const polling = startLongPolling({
    api: new Api(FAKE_TOKEN, { apiRoot: api.url }),
    handleUpdate: handle,
    allowedUpdates: ['message'],
    logger,
    timeoutSeconds: 0,
    backoffMs: 10,
    busyRetryMs: 20,
  });
  return { polling, lines };
}

const offsets = () => api.callsOf('getUpdates').map((c) => Number(c.body.offset));

describe('long polling', () => {
  it('asks for the next offset only after the update was handled', async () => {
    const first = privateText(user, '/count');
    const second = privateText(user, '/help');
    api.queueUpdate(first);
    let finish!: () => void;
    const handled: number[] = [];
    const { polling } = poller(async (u) => {
      if (u.update_id === first.update_id) await new Promise<void>((resolve) => (finish = resolve));
      handled.push(u.update_id);
    });
    try {
      await expect.poll(() => typeof finish, { timeout: 10_000 }).toBe('function');
      await new Promise((r) => setTimeout(r, 200));
      // While it is being handled, nothing confirms it.
      expect(offsets().every((o) => o <= first.update_id)).toBe(true);
      expect(api.unconfirmedUpdates()).toEqual([first.update_id]);
      api.queueUpdate(second);
      finish();
      await expect.poll(() => handled, { timeout: 10_000 }).toEqual([first.update_id, second.update_id]);
      await expect.poll(() => api.unconfirmedUpdates(), { timeout: 10_000 }).toEqual([]);
      expect(offsets()).toContain(first.update_id + 1);
    } finally {
      await polling.stop();
    }
  });

  it('leaves an update that was being handled when the poller stopped for the next start', async () => {
    const update = privateText(user, '/count');
    api.queueUpdate(update);
    const dying = poller(async () => {
      throw new Error('the process dies here');
    });
    await expect.poll(() => api.callsOf('getUpdates').length, { timeout: 10_000 }).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    await dying.polling.stop();
    expect(api.unconfirmedUpdates()).toEqual([update.update_id]);

    const handled: number[] = [];
    const next = poller(async (u) => void handled.push(u.update_id));
    try {
      await expect.poll(() => handled, { timeout: 10_000 }).toEqual([update.update_id]);
      await expect.poll(() => api.unconfirmedUpdates(), { timeout: 10_000 }).toEqual([]);
    } finally {
      await next.polling.stop();
    }
  });

  it('waits as long as another worker holds an update, and keeps trying a failing one past many failures, never skipping it', async () => {
    const held = privateText(user, '/count');
    const failing = privateText({ ...user, id: user.id + 1 }, '/help');
    api.queueUpdate(held);
    api.queueUpdate(failing);
    const tries = new Map<number, number>();
    const handled: number[] = [];
    const confirmedMeanwhile: number[] = [];
    const { polling, lines } = poller(async (u) => {
      confirmedMeanwhile.push(Math.max(0, ...offsets()));
      const n = (tries.get(u.update_id) ?? 0) + 1;
      tries.set(u.update_id, n);
      if (u.update_id === held.update_id && n <= 12) throw new EventBusyError({ source: 'telegram', id: String(u.update_id) });
      if (u.update_id === failing.update_id && n <= 8) throw new Error('storage unavailable');
      handled.push(u.update_id);
    });
    try {
      await expect.poll(() => handled.length, { timeout: 20_000 }).toBe(2);
      // Neither was confirmed while either was still being tried.
      expect(confirmedMeanwhile.every((o) => o <= held.update_id)).toBe(true);
      await expect.poll(() => api.unconfirmedUpdates(), { timeout: 10_000 }).toEqual([]);
      expect(tries.get(held.update_id)).toBe(13);
      expect(tries.get(failing.update_id)).toBe(9);
      // The failures were said, without the update's text.
      expect(lines.some((l) => l.includes('keep failing'))).toBe(true);
      expect(lines.join('')).not.toContain('/help');
    } finally {
      await polling.stop();
    }
  });
});
