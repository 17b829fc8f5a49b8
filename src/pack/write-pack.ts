/**
 * `delivery:pack`: freezes the signatures (or reuses the final snapshot) and
 * writes `<CC>.pdf` and `<CC>.csv` for each country, `ALL.pdf`, and
 * `manifest.json` with the SHA-256 of every file.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { CampaignCore } from '../core/index.ts';
import { checkCountry } from '../core/index.ts';
import type { PackSnapshot, SnapshotRow } from '../core/index.ts';
import { writeAllPdf } from './all-pdf.ts';
import { writeCountryPack } from './country-pdf.ts';
import { loadPackFonts, type PackFonts } from './fonts.ts';
import { createPackContext } from './pack-context.ts';
import { startReading } from './start-reading.ts';

export interface PackOptions {
  /** The folder the files go to (created if missing). */
  out: string;
  /** Only this country's files (and ALL.pdf); a code or a name as typed. */
  country?: string | null;
  /** Refuse unless the campaign has closed (the pack is then the final one). */
  final?: boolean;
  /** Who asked, for the audit log (`cli`, `slack:U0123`). */
  actor: string;
  /** The bot's public base URL (PUBLIC_URL), for the verification address and QR code. */
  publicUrl: string | null;
  /** Fonts are loaded once per process; pass them to reuse. */
  fonts?: PackFonts;
  /** Called after each file is written (for progress in a Slack thread). */
  onFile?: (file: string, done: number, of: number) => void;
}

export interface ManifestFile {
  file: string;
  /** ISO code, or null for ALL.pdf. */
  country: string | null;
  sha256: string;
}

export interface PackManifest {
  campaign: string;
  frozenAt: string;
  final: boolean;
  /** Online signatures in the snapshot (the Merkle tree's leaves). */
  total: number;
  /** Paper signatures, counted apart (outside the Merkle tree). */
  paperTotal: number;
  nations: number;
  byCountry: Record<string, { online: number; paper: number }>;
  merkleRoot: string;
  leafFormatVersion: number;
  verifyUrl: string | null;
  files: ManifestFile[];
}

export interface PackResult {
  snapshot: PackSnapshot;
  /** True when the final snapshot already existed and was used again. */
  reused: boolean;
  manifest: PackManifest;
  /** Every file written, manifest.json last. */
  files: string[];
}

/** Where receipts are checked publicly, from PUBLIC_URL. */
export function verificationUrl(publicUrl: string | null): string | null {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}/api/receipts` : null;
}

/**
 * @example await writeDeliveryPack(app.core, { out: 'pack', final: true, actor: 'cli', publicUrl: config.publicUrl })
 */
export async function writeDeliveryPack(core: CampaignCore, options: PackOptions): Promise<PackResult> {
  const only = options.country ? checkCountry(options.country) : null;
  const { snapshot, reused } = await core.snapshots.freeze({ requireFinal: options.final ?? false, actor: options.actor });
  const fonts = options.fonts ?? loadPackFonts();
  const verifyUrl = verificationUrl(options.publicUrl);
  // A country's first read, once started ahead (below), is handed to the first reader of that country.
  const startedAhead = new Map<string, AsyncIterable<readonly SnapshotRow[]>>();
  const rowBatches = (country: string) => {
    const started = startedAhead.get(country);
    startedAhead.delete(country);
    return started ?? core.snapshots.rowBatches(snapshot, country);
  };
  const ctx = createPackContext({ campaign: core.campaign, snapshot, t: core.t, fonts, verifyUrl, rowBatches });
  const paper = snapshot.context.paper;
  const all = [...new Set([...Object.keys(snapshot.byCountry), ...Object.keys(paper)])].sort();
  const countries = only ? [only] : all;

  await mkdir(options.out, { recursive: true });
  const files: ManifestFile[] = [];
  const of = countries.length * 2 + 1;
  const record = async (file: string, country: string | null) => {
    files.push({ file, country, sha256: await sha256File(join(options.out, file)) });
    options.onFile?.(file, files.length, of);
  };
  // A country is drawn while the one before finishes (its last streams deflated on the thread pool,
  // its files flushed, then hashed): at most one finishing at a time, files recorded in order.
  let finishing: Promise<void> | null = null;
  for (const [i, country] of countries.entries()) {
    // The next country's first rows are read while this one is drawn (one batch held ahead).
    const next = countries[i + 1];
    if (next) startedAhead.set(next, startReading(core.snapshots.rowBatches(snapshot, next)));
    const { written } = await writeCountryPack(ctx, country, createWriteStream(join(options.out, `${country}.pdf`)), createWriteStream(join(options.out, `${country}.csv`)));
    if (finishing) await finishing;
    finishing = written.then(() => record(`${country}.pdf`, country)).then(() => record(`${country}.csv`, country));
    finishing.catch(() => {});
  }
  await writeAllPdf(ctx, all, createWriteStream(join(options.out, 'ALL.pdf')));
  if (finishing) await finishing;
  await record('ALL.pdf', null);

  const manifest: PackManifest = {
    campaign: core.campaign.id,
    frozenAt: snapshot.frozenAt.toISOString(),
    final: snapshot.final,
    total: snapshot.total,
    paperTotal: Object.values(paper).reduce((sum, n) => sum + n, 0),
    nations: Object.keys(snapshot.byCountry).length,
    byCountry: Object.fromEntries(all.map((cc) => [cc, { online: snapshot.byCountry[cc] ?? 0, paper: paper[cc] ?? 0 }])),
    merkleRoot: snapshot.merkleRoot,
    leafFormatVersion: snapshot.leafVersion,
    verifyUrl,
    files,
  };
  await writeFile(join(options.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { snapshot, reused, manifest, files: [...files.map((f) => f.file), 'manifest.json'] };
}

/**
 * @example await sha256File('pack/KR.pdf') // '3f9a…'
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
