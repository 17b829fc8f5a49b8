import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { AddressCipher } from '../../src/core/index.ts';
import type { Db } from '../../src/storage/database.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { childEnv } from './child-env.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKER_SCRIPT = fileURLToPath(new URL('./delivery-worker-process.ts', import.meta.url));

/** What a worker process prints when it stops gracefully. */
export interface WorkerReport {
  sent: number;
  peak: { rss: number; heapUsed: number };
}

/** A delivery worker running as its own process (test/support/delivery-worker-process.ts). */
export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves when the worker has started taking work. */
  ready: Promise<void>;
  /** Resolves when the process is gone, with how it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The graceful-stop report, once it has been printed. */
  report(): WorkerReport | null;
  stderr(): string;
}

/** Starts one worker process with the given environment (DATABASE_URL, TELEGRAM_API_ROOT, …). */
export function spawnDeliveryWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let report: WorkerReport | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (/^ready$/m.test(out)) resolve();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) report = JSON.parse(line) as WorkerReport;
    });
    void exited.then(({ code, signal }) => reject(new Error(`worker exited before ready (code ${code}, signal ${signal}): ${err.slice(-2000)}`)));
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  return { child, ready, exited, report: () => report, stderr: () => err };
}

/** Subscribes `count` made-up Telegram chats (`firstChatId`, +1, …) to the campaign, sealed as the app seals them, a few thousand a statement. */
export async function seedTelegramSubscribers(db: Db, addresses: AddressCipher, campaignId: string, count: number, firstChatId: number): Promise<number[]> {
  const chats = Array.from({ length: count }, (_, i) => firstChatId + i);
  for (let start = 0; start < count; start += 5_000) {
    const batch = chats.slice(start, start + 5_000);
    const sealed = batch.map((c) => addresses.seal(`telegram:${c}`));
    const indexes = batch.map((c) => addresses.index(`telegram:${c}`));
    await db.execute(sql`
      insert into subscriptions (campaign_id, address, address_index, platform, signer_key, language, time_zone)
      select ${campaignId}, a, i, 'telegram', 'made-up-signer-' || (${start} + g - 1), (array['en','ko','zh'])[1 + (${start} + g - 1) % 3], null
      from unnest(${sql`${`{${sealed.join(',')}}`}::text[]`}, ${sql`${`{${indexes.join(',')}}`}::text[]`}) with ordinality as u(a, i, g)
      on conflict do nothing`);
  }
  return chats;
}

/** Delivery counts of one broadcast by state, and how many were flagged in doubt. */
export async function deliveryCounts(db: Db, broadcastId: string): Promise<Record<'queued' | 'sending' | 'sent' | 'failed' | 'unsubscribed' | 'inDoubt' | 'total', number>> {
  const [row] = rowsOf<Record<string, number>>(
    await db.execute(sql`
      select count(*) filter (where state = 'queued')::int as queued, count(*) filter (where state = 'sending')::int as sending,
        count(*) filter (where state = 'sent')::int as sent, count(*) filter (where state = 'failed')::int as failed,
        count(*) filter (where state = 'unsubscribed')::int as unsubscribed, count(*) filter (where in_doubt)::int as "inDoubt",
        count(*)::int as total
      from deliveries where broadcast_id = ${broadcastId}`),
  );
  return row as Record<'queued' | 'sending' | 'sent' | 'failed' | 'unsubscribed' | 'inDoubt' | 'total', number>;
}

/** Polls until `done()` is true; fails after `timeoutMs` saying what it waited for. */
export async function waitUntil(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 60_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
