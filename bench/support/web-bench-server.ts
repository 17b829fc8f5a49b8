/**
 * A child process for bench/web-bench.ts: the public page, open data and
 * health exactly as main.ts mounts them, over the app on the given database,
 * with made-up signatures from many countries. Prints "PORT <n>" when ready.
 * With --bare it is instead a bare node:http server answering "ok".
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createApp } from '../../src/app.ts';
import { createHttpServer, listen } from '../../src/server/http-server.ts';
import { createMetrics } from '../../src/server/metrics.ts';
import { operationsRoutes } from '../../src/server/operations-routes.ts';
import { createStatsFeed, readPublicFigures } from '../../src/web/stats-feed.ts';
import { ping } from '../../src/storage/database.ts';
import { createWeb } from '../../src/web/web-routes.ts';
import { testCampaign } from '../../test/support/test-app.ts';

const { values } = parseArgs({ options: { db: { type: 'string' }, bare: { type: 'boolean', default: false }, signatures: { type: 'string', default: '20000' } } });

if (values.bare) {
  const bare = createServer((_req, res) => res.end('ok'));
  bare.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(bare.address() as { port: number }).port}\n`));
} else {
  const clock = () => new Date('2026-11-29T15:00:00Z');
  const app = await createApp(
    { database: { url: values.db!, poolSize: 4 }, dataDir: '/nonexistent', signerKeySecret: 'bench-secret-bench-secret-bench-secret-000', campaignFile: null },
    { campaign: testCampaign(), clock },
  );
  // Made-up anonymous signatures straight in SQL (the tally trigger fires for each), from 40 countries.
  await app.database.db.execute(sql`
    insert into signatures (campaign_id, signer_key, display_name, name_style, country, language, platform, signed_at, signed_on)
    select ${app.core.campaign.id}, 'bench-' || i, null, 'anonymous',
           (array['KR','US','JP','CA','GB','DE','FR','AU','TW','BR','NZ','NL','IT','ES','MX','PH','ID','SG','HK','IN',
                  'SE','NO','DK','FI','PL','CZ','AT','CH','BE','IE','PT','AR','CL','ZA','NG','KE','TH','MY','VN','IL'])[1 + i % 40],
           (array['en','ko','zh'])[1 + i % 3], (array['telegram','discord'])[1 + i % 2],
           timestamptz '2026-09-01' + (i % 80) * interval '1 day', date '2026-09-01' + (i % 80)
    from generate_series(1, ${Number(values.signatures)}::int) as i`);
  // Done now, so autovacuum does not take a core in the middle of the measurement.
  await app.database.db.execute(sql`vacuum analyze signatures, signature_tallies, signature_daily`);
  const feed = createStatsFeed(() => readPublicFigures(app.core), clock);
  const web = createWeb({
    core: app.core,
    clock,
    feed,
    settings: { publicUrl: null, telegramBotUsername: 'ExamplePetitionBot', discordInviteUrl: 'https://discord.gg/example', referral: 'web', frameAncestors: '*' },
  });
  const server = createHttpServer([...operationsRoutes(() => ping(app.database.db), app.core, createMetrics(app.core, app.deliveries), { feed, clock }), ...web.routes], (e) => {
    process.stderr.write(`handler failed: ${(e as Error).message}\n`);
  });
  process.stdout.write(`PORT ${await listen(server, 0)}\n`);
}

// Exit (not die) on SIGTERM, so `node --cpu-prof` can write its profile when the bench stops this process.
process.once('SIGTERM', () => process.exit(0));
