/**
 * `npm run retention:erase -- --yes`: after the petition has closed and been
 * delivered, makes every signature anonymous and removes every reminder
 * address, keeping all counts. Refuses while the campaign is open.
 */
import { parseArgs } from 'node:util';
import { runCli, withApp } from './cli-run.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { yes: { type: 'boolean', default: false } } });
  return withApp(async (app) => {
    const { campaign } = app.core;
    if (!values.yes) {
      process.stdout.write(`This erases every signer's name and reminder address for ${campaign.id}; counts stay. Run again with --yes to do it.\n`);
      return 2;
    }
    const result = await app.core.retention.eraseAfterDelivery();
    process.stdout.write(`${campaign.id}: ${result.namesErased} names erased, ${result.subscriptionsRemoved} reminder addresses removed, ${result.snapshotNamesErased} names erased from delivery-pack snapshots\n`);
    return 0;
  });
}

runCli(main, 'Failed');
