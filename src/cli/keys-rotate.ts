/**
 * `npm run keys:rotate`: after a new key was put first in ADDRESS_KEYS (or
 * as the first line of the data folder's `address-keys` file), re-encrypts
 * every stored address with it. Safe to run again, and while the bot runs:
 * rows are found by their blind index, which the key does not change. Once it
 * has run, the old keys may be removed.
 */
import { resealAddresses } from '../storage/address-sealing.ts';
import { runCli, withApp } from './cli-run.ts';

async function main(): Promise<number> {
  return withApp(async (app) => {
    const report = await resealAddresses(app.database.db, app.addresses, 'rotate');
    process.stdout.write(
      `Re-encrypted with the first key: ${report.subscriptions} subscription addresses, ${report.deliveries} queued or sent deliveries, ${report.stayInTouch} next-campaign contacts, ${report.broadcasts} staff notices.\n`,
    );
    return 0;
  });
}

runCli(main, 'Key rotation failed');
