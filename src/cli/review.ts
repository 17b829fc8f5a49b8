/**
 * `npm run review -- ...`: the review queue and bulk decisions from a shell,
 * for when a rule misfired and its holds must be released at once (the Slack
 * console does the same through the same core service). Every decision is
 * audited with `cli:<by>` as the actor. Without `--yes` it only says how many
 * signatures the decision would change.
 *
 *   npm run review -- queue
 *   npm run review -- approve --rule surge-platform --by "Jane Staff" [--yes]
 *   npm run review -- invalidate --referral rABC --reason automated [--include-valid] --by "Jane Staff" [--yes]
 *   npm run review -- audit [--limit 20]
 */
import { parseArgs } from 'node:util';
import { runCli, withApp } from './cli-run.ts';
import { REVIEW_DECISION_OPTIONS, reviewRequest } from '../core/index.ts';

const USAGE = `Usage: npm run review -- queue
       npm run review -- approve|invalidate [--rule R] [--referral CODE] [--from TIME] [--to TIME] [--ids 1,2,3]
                        [--reason duplicate|impersonation|abusive|automated|other] [--include-valid] --by NAME [--yes]
       npm run review -- audit [--limit N]
`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      ...REVIEW_DECISION_OPTIONS,
      by: { type: 'string' },
      yes: { type: 'boolean', default: false },
      limit: { type: 'string', default: '20' },
    },
  });
  const command = positionals[0];
  if (command !== 'queue' && command !== 'approve' && command !== 'invalidate' && command !== 'audit') {
    process.stderr.write(USAGE);
    return 2;
  }
  if ((command === 'approve' || command === 'invalidate') && !values.by) {
    process.stderr.write(`--by NAME is required: decisions are recorded in the audit log.\n${USAGE}`);
    return 2;
  }
  return withApp(async (app) => {
    const { review, auditHistory } = app.core;
    if (command === 'queue') {
      const queue = await review.queue(0);
      process.stdout.write(`${queue.total} held\n`);
      for (const g of queue.groups) process.stdout.write(`  ${g.rule}: ${g.count} (${g.firstAt.toISOString()} .. ${g.lastAt.toISOString()})\n`);
      return 0;
    }
    if (command === 'audit') {
      for (const e of await auditHistory.latest(Number(values.limit))) {
        process.stdout.write(`${e.at.toISOString()}  ${e.actor}  ${e.action}  ${JSON.stringify(e.detail)}\n`);
      }
      return 0;
    }
    // Read as in Slack: times in the campaign's zone, the reason one of the fixed list.
    const request = reviewRequest({ verb: command, values }, app.core.campaign.timeZone);
    if (!request) {
      process.stderr.write(USAGE);
      return 2;
    }
    const { decision, selection } = request;
    const wouldChange = await review.preview(decision, selection);
    if (!values.yes) {
      process.stdout.write(`${command} would change ${wouldChange} signature(s). Run again with --yes to do it.\n`);
      return 0;
    }
    const { changed } = await review.decide(decision, selection, `cli:${values.by}`);
    process.stdout.write(`${changed} signature(s) changed.\n`);
    return 0;
  });
}

runCli(main, 'Failed');
