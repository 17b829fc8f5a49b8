import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import type { App } from '../../../src/app.ts';
import { createLogger } from '../../../src/logger.ts';
import { FakeSlackApi } from '../../support/fake-slack-api.ts';
import { serveRoutes } from '../../support/serve-routes.ts';
import { postSigned } from '../../support/slack-requests.ts';
import { createTestApp } from '../../support/test-app.ts';

const SECRET = 'test-signing-secret-0123456789';
const COUNTRIES = ['KR', 'US', 'JP', 'CA', 'GB', 'DE', 'FR', 'AU'];

// A real gc() lets the memory figures start from a clean heap.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Made-up signatures ids from..to, in one statement: every 10th anonymous, countries in turn. */
async function insertSignatures(app: App, from: number, to: number): Promise<void> {
  await app.database.db.execute(sql`
    insert into signatures (campaign_id, signer_key, display_name, name_style, country, language, platform, referral, signed_on)
    select ${app.core.campaign.id}, 'made-up-key-' || g,
           case when g % 10 = 0 then null else 'Tester ' || g end,
           case when g % 10 = 0 then 'anonymous' else 'full' end,
           (array['KR','US','JP','CA','GB','DE','FR','AU'])[1 + g % 8], 'en', 'telegram', 'secret-ref', '2026-11-20'
    from generate_series(${from}::int, ${to}::int) as g`);
}

/** Runs the core export into a sink that keeps only a byte count, sampling the heap as chunks flow. */
async function measureExport(app: App): Promise<{ rows: number; bytes: number; peakGrowthMb: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let bytes = 0;
  const file = await app.core.exports.signatures('en', 'test:memory');
  await pipeline(
    file.csv,
    new Writable({
      write(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        peak = Math.max(peak, process.memoryUsage().heapUsed);
        done();
      },
    }),
  );
  const { rows } = await file.done;
  return { rows, bytes, peakGrowthMb: (peak - base) / 1_048_576 };
}

describe('export of 100,000 signatures', () => {
  const fake = new FakeSlackApi();
  let app: App;
  let slack: SlackAdapter;
  let served: Awaited<ReturnType<typeof serveRoutes>>;

  beforeAll(async () => {
    await fake.start();
    fake.members = ['U0STAFF'];
    app = await createTestApp({ audit: { record: async () => {} } });
    slack = createSlackAdapter({ chat: app.chat, core: app.core, clock: app.clock, logger: createLogger('silent'), config: { botToken: 'xoxb-test', signingSecret: SECRET, appToken: null, apiUrl: fake.apiUrl, teamId: 'T0TEAM', staffChannel: 'C0STAFF' } });
    await slack.start();
    served = await serveRoutes(slack.routes ?? []);
  }, 120_000);

  afterAll(async () => {
    await served?.close();
    await slack?.stop();
    await app?.close();
    await fake.stop();
  });

  it('streams with memory that does not grow with the row count (10k vs 100k)', async () => {
    await insertSignatures(app, 1, 10_000);
    const small = await measureExport(app);
    await insertSignatures(app, 10_001, 100_000);
    const large = await measureExport(app);
    process.stdout.write(
      `\n[export memory] 10k rows: peak heap growth ${small.peakGrowthMb.toFixed(1)} MB (${(small.bytes / 1e6).toFixed(1)} MB CSV); ` +
        `100k rows: peak heap growth ${large.peakGrowthMb.toFixed(1)} MB (${(large.bytes / 1e6).toFixed(1)} MB CSV)\n`,
    );
    expect(small.rows).toBe(10_000);
    expect(large.rows).toBe(100_000);
    // Ten times the rows; a streaming export stays far below ten times the memory.
    expect(large.peakGrowthMb).toBeLessThan(3 * Math.max(small.peakGrowthMb, 4));
  }, 300_000);

  it('uploads correct rows and per-country totals through /petition export', async () => {
    const ack = await postSigned(
      `${served.url}/slack/events`,
      { team_id: 'T0TEAM', channel_id: 'C0STAFF', user_id: 'U0STAFF', command: '/petition', text: 'export', response_url: fake.responseUrl('export'), trigger_id: 't' },
      { secret: SECRET, now: app.clock },
    );
    expect(ack.status).toBe(200);
    await fake.waitFor('files.completeUploadExternal', () => true, 240_000);
    const rows = parse(fake.uploaded('F0UPLOAD1'), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(100_000);
    expect(Object.keys(rows[0]!)).toEqual(['Name', 'Country', 'Code', 'Signed on']);
    expect(rows[0]).toEqual({ Name: 'Tester 1', Country: 'United States', Code: 'US', 'Signed on': '2026-11-20' });
    expect(rows[9]).toEqual({ Name: 'Anonymous', Country: 'Japan', Code: 'JP', 'Signed on': '2026-11-20' });
    expect(rows.filter((r) => r.Name === 'Anonymous')).toHaveLength(10_000);
    expect(JSON.stringify(rows.slice(0, 50))).not.toMatch(/telegram|secret-ref|made-up-key/);

    const summary = parse(fake.uploaded('F0UPLOAD2'), { columns: true }) as Array<Record<string, string>>;
    const byCode = Object.fromEntries(summary.map((r) => [r.Code, Number(r.Signatures)]));
    for (const code of COUNTRIES) expect(byCode[code]).toBe(rows.filter((r) => r.Code === code).length);
    expect(byCode[COUNTRIES[0]!]).toBe(12_500);
    expect(summary.at(-1)).toEqual({ Country: 'Total', Code: '', Signatures: '100000' });
  }, 300_000);
});
