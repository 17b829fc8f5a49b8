/**
 * The delivery pack as one ZIP on disk, for the Slack console's `/petition
 * pack`: the same writer as `npm run delivery:pack`, into a temporary
 * folder, zipped as it streams. The caller uploads it and calls `cleanup`.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { checkCountry, type CampaignCore, type PackArchive } from '../core/index.ts';
import { loadPackFonts, type PackFonts } from './fonts.ts';
import { writeDeliveryPack } from './write-pack.ts';
import { zipPack } from './zip-pack.ts';

export type PackZip = PackArchive;

/** Fonts are parsed once per process, on the first pack. */
let fonts: PackFonts | null = null;

/**
 * @example const zip = await writePackZip(core, { country: 'KR', actor: 'slack:U1', publicUrl: null }); try { upload(zip.zipPath) } finally { await zip.cleanup() }
 */
export async function writePackZip(
  core: CampaignCore,
  options: { country: string | null; actor: string; publicUrl: string | null; onFile?: (file: string, done: number, of: number) => void },
): Promise<PackZip> {
  const dir = await mkdtemp(join(tmpdir(), 'petition-pack-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    fonts ??= loadPackFonts();
    const out = join(dir, 'pack');
    const result = await writeDeliveryPack(core, { out, country: options.country, actor: options.actor, publicUrl: options.publicUrl, fonts, onFile: options.onFile });
    const { snapshot, manifest } = result;
    const stamp = snapshot.frozenAt.toISOString().replace(/[-:]/g, '').slice(0, 13);
    const only = options.country ? `-${checkCountry(options.country)}` : '';
    const fileName = `${core.campaign.id}-${snapshot.final ? 'final' : 'interim'}-${stamp}Z${only}.zip`;
    const zipPath = join(dir, fileName);
    await pipeline(zipPack(out, result.files, snapshot.frozenAt), createWriteStream(zipPath));
    return { zipPath, fileName, final: snapshot.final, frozenAt: snapshot.frozenAt, online: manifest.total, paper: manifest.paperTotal, nations: manifest.nations, merkleRoot: manifest.merkleRoot, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
