import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CAMPAIGN_FILE } from '../../src/campaign/load-campaign.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let openCampaign: string | null = null;

/**
 * The shipped campaign with its dates moved around today, so a run of the
 * real entry point can sign whatever day the tests run (the shipped one
 * closes on 10 December 2026).
 */
export function campaignOpenToday(): string {
  if (openCampaign) return openCampaign;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const campaign = { ...JSON.parse(readFileSync(DEFAULT_CAMPAIGN_FILE, 'utf8')), opens: `${day(-30)}T00:00`, closesAtEndOf: day(30) };
  openCampaign = join(mkdtempSync(join(tmpdir(), 'petition-campaign-')), 'campaign.json');
  writeFileSync(openCampaign, JSON.stringify(campaign));
  return openCampaign;
}

/** Runs `npm start`'s entry point with a script on stdin, like a user piping commands. */
export function runTerminal(lines: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', CAMPAIGN_FILE: campaignOpenToday(), ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}
