import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseCampaign, type Campaign } from '../core/index.ts';

export const DEFAULT_CAMPAIGN_FILE = fileURLToPath(
  new URL('./campaigns/end-forced-repatriation-2026.json', import.meta.url),
);

/** Reads and validates a campaign file (JSON). */
export async function loadCampaign(path: string = DEFAULT_CAMPAIGN_FILE): Promise<Campaign> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch {
    throw new Error(`CAMPAIGN_FILE: cannot read ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`CAMPAIGN_FILE: ${path} is not valid JSON`);
  }
  return parseCampaign(json);
}
