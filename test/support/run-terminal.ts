import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { DEFAULT_CAMPAIGN_FILE } from '../../src/campaign/load-campaign.ts';
import { runScript, type ScriptResult } from './run-script.ts';

/** How many days the campaign of a terminal run has left (in its own zone) when the run starts. */
export const DAYS_LEFT = 30;

/**
 * The shipped campaign with its dates moved around the moment of the run, in
 * the campaign's own time zone (it counts days in New York, not UTC), so a run
 * of the real entry point (which reads the real clock, as `npm start` does)
 * can sign on whatever day and hour the tests run, and sees `DAYS_LEFT` days
 * left unless the zone's midnight passes during the run.
 */
async function campaignOpenNow(dir: string): Promise<string> {
  const shipped = JSON.parse(await readFile(DEFAULT_CAMPAIGN_FILE, 'utf8'));
  const today = DateTime.now().setZone(shipped.timeZone).startOf('day');
  const campaign = {
    ...shipped,
    opens: today.minus({ days: 30 }).toFormat("yyyy-MM-dd'T'HH:mm"),
    closesAtEndOf: today.plus({ days: DAYS_LEFT }).toISODate(),
  };
  const file = join(dir, 'campaign.json');
  await writeFile(file, JSON.stringify(campaign));
  return file;
}

/**
 * Runs `npm start`'s entry point with a script on stdin, like a user piping
 * commands; the campaign file it uses lives in a folder removed afterwards.
 */
export async function runTerminal(lines: string[], env: Record<string, string>): Promise<ScriptResult> {
  const dir = await mkdtemp(join(tmpdir(), 'petition-campaign-'));
  try {
    const campaignFile = await campaignOpenNow(dir);
    return await runScript('src/main.ts', [], { CAMPAIGN_FILE: campaignFile, ...env }, lines.map((l) => `${l}\n`).join(''));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
