/**
 * `npm run retention:erase -- --yes`: after the petition has closed and been
 * delivered, makes every signature anonymous and removes every reminder
 * address, keeping all counts. Refuses while the campaign is open.
 */
import { parseArgs } from 'node:util';
import { createApp } from '../app.ts';
import { systemClock } from '../clock.ts';
import { ConfigError, getConfig } from '../config.ts';
import { DomainError } from '../core/index.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { yes: { type: 'boolean', default: false } } });
  const app = await createApp(getConfig(process.env), { clock: systemClock });
  try {
    const { campaign } = app.core;
    if (!values.yes) {
      process.stdout.write(`This erases every signer's name and reminder address for ${campaign.id}; counts stay. Run again with --yes to do it.\n`);
      return 2;
    }
    const result = await app.core.retention.eraseAfterDelivery();
    process.stdout.write(`${campaign.id}: ${result.namesErased} names erased, ${result.subscriptionsRemoved} reminder addresses removed, ${result.snapshotNamesErased} names erased from delivery-pack snapshots\n`);
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      process.stderr.write(`${app.core.t('en', `errors:${error.code}`)}\n`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(error instanceof ConfigError ? `Configuration error: ${error.message}\n` : `Failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
