import { parseCampaign, type Campaign } from '../../src/core/index.ts';
import { DEFAULT_CAMPAIGN_FILE } from '../../src/campaign/load-campaign.ts';
import { readFileSync } from 'node:fs';
import { createApp, type App, type AppOptions } from '../../src/app.ts';

/** The shipped campaign file, optionally changed for a test. */
export function testCampaign(overrides: Record<string, unknown> = {}): Campaign {
  const file = JSON.parse(readFileSync(DEFAULT_CAMPAIGN_FILE, 'utf8'));
  return parseCampaign({ ...file, ...overrides });
}

/** A mutable clock tests can move. */
export function testClock(iso: string) {
  let now = new Date(iso);
  const clock = () => now;
  clock.set = (next: string) => {
    now = new Date(next);
  };
  return clock;
}

/** The signer secret every test app uses (made up). */
export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/**
 * The whole app on in-memory PGlite (or a given URL), with a fixed secret and
 * clock. One per test file: PGlite takes a few seconds to start.
 */
export async function createTestApp(
  options: { url?: string; clock?: () => Date; campaign?: Campaign } & Pick<AppOptions, 'audit' | 'announcements' | 'observeHandling' | 'logger' | 'share'> = {},
): Promise<App> {
  return createApp(
    {
      database: { url: options.url ?? 'memory://', poolSize: 20 },
      dataDir: '/nonexistent',
      signerKeySecret: TEST_SECRET,
      campaignFile: null,
    },
    {
      clock: options.clock ?? (() => new Date('2026-11-29T15:00:00Z')),
      campaign: options.campaign ?? testCampaign(),
      audit: options.audit,
      announcements: options.announcements,
      observeHandling: options.observeHandling,
      logger: options.logger,
      share: options.share,
    },
  );
}
