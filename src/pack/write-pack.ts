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
import { isDeepStrictEqual } from 'node:util';
import type { CampaignCore } from '../core/index.ts';
import { checkCountry } from '../core/index.ts';
import type { EarlySnapshot, PackHeader, PackSnapshot, SnapshotRow } from '../core/index.ts';
import { writeAllPdf } from './all-pdf.ts';
import { writeCountryPack } from './country-pdf.ts';
import { loadPackFonts, type PackFonts } from './fonts.ts';
import { createPackContext, frozenAlready, frozenWhenDone, type FrozenSnapshot } from './pack-context.ts';
import { rowsByCountry } from './rows-by-country.ts';
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
  // Where the store can, the rows are drawn while they are frozen (the freeze copies them and builds
  // the tree meanwhile); the fingerprint pages wait for the freeze. A one-country pack draws after it.
  let handOver!: (early: EarlySnapshot) => void;
  const handed = new Promise<EarlySnapshot>((resolve) => (handOver = resolve));
  const freezing = core.snapshots.freeze({ requireFinal: options.final ?? false, actor: options.actor, onReading: only ? undefined : handOver });
  // Awaited below, or by the fingerprint pages; a failure meanwhile is not unhandled.
  freezing.catch(() => {});
  // The reading comes while the freeze is under way, or never.
  const early = await Promise.race([handed, freezing.then(() => null)]);
  if (!early) {
    const { snapshot, reused } = await freezing;
    return { ...(await writeFiles(core, options, only, { header: snapshot, frozen: frozenAlready(snapshot), rowBatches: null })), reused };
  }
  try {
    const { countries } = early.reading;
    const byCountry = rowsByCountry(early.reading.rows(), countries);
    const result = await writeFiles(core, options, only, {
      header: early.header,
      frozen: frozenWhenDone(freezing.then((f) => f.snapshot)),
      rowBatches: (country) => byCountry.of(country),
      // The reading's order (largest first); countries with paper signatures only after them.
      first: countries,
    });
    await byCountry.end();
    // The freeze counted what was drawn: one view of the database for both.
    if (!isDeepStrictEqual(result.snapshot.byCountry, early.header.byCountry)) throw new Error('the rows drawn and the snapshot frozen differ');
    return result;
  } finally {
    await early.reading.close();
  }
}

/**
 * Draws every file from the snapshot's header and rows. `rowBatches` reads
 * them country by country (these `first`, in that order); null reads the
 * frozen snapshot, the next country's first batch while one is drawn.
 * Files are listed in country order whatever order they were drawn in.
 */
async function writeFiles(
  core: CampaignCore,
  options: PackOptions,
  only: string | null,
  source: { header: PackHeader; frozen: FrozenSnapshot; rowBatches: ((country: string) => AsyncIterable<readonly SnapshotRow[]>) | null; first?: readonly string[] },
): Promise<PackResult> {
  const { header, frozen } = source;
  const fonts = options.fonts ?? loadPackFonts();
  const verifyUrl = verificationUrl(options.publicUrl);
  // A country's first read, once started ahead (below), is handed to the first reader of that country.
  const startedAhead = new Map<string, AsyncIterable<readonly SnapshotRow[]>>();
  const readFrozen = (country: string) => core.snapshots.rowBatches(frozen.now()!, country);
  const rowBatches =
    source.rowBatches ??
    ((country: string) => {
      const started = startedAhead.get(country);
      startedAhead.delete(country);
      return started ?? readFrozen(country);
    });
  const ctx = createPackContext({ campaign: core.campaign, snapshot: header, frozen, t: core.t, fonts, verifyUrl, rowBatches });
  const paper = header.context.paper;
  const all = [...new Set([...Object.keys(header.byCountry), ...Object.keys(paper)])].sort();
  const countries = only ? [only] : all;
  const drawingOrder = source.first ? [...source.first, ...countries.filter((cc) => !source.first!.includes(cc))] : countries;

  await mkdir(options.out, { recursive: true });
  const files: ManifestFile[] = [];
  const of = countries.length * 2 + 1;
  const record = async (file: string, country: string | null) => {
    files.push({ file, country, sha256: await sha256File(join(options.out, file)) });
    options.onFile?.(file, files.length, of);
  };
  // A country is drawn while the one before finishes (its last streams deflated on the thread pool,
  // its files flushed, then hashed): once the snapshot is frozen, at most one finishing at a time.
  // Before, a country waits for the fingerprint and the next ones are drawn meanwhile. Files are
  // recorded in the order drawn; the manifest lists them in country order.
  let finishing: Promise<void> = Promise.resolve();
  for (const [i, country] of drawingOrder.entries()) {
    // The next country's first rows are read while this one is drawn (one batch held ahead).
    const next = drawingOrder[i + 1];
    if (next && !source.rowBatches) startedAhead.set(next, startReading(readFrozen(next)));
    const { written } = await writeCountryPack(ctx, country, createWriteStream(join(options.out, `${country}.pdf`)), createWriteStream(join(options.out, `${country}.csv`)));
    const before = finishing;
    finishing = before.then(() => written).then(() => record(`${country}.pdf`, country)).then(() => record(`${country}.csv`, country));
    finishing.catch(() => {});
    if (frozen.now()) await before;
  }
  await writeAllPdf(ctx, all, createWriteStream(join(options.out, 'ALL.pdf')));
  await finishing;
  await record('ALL.pdf', null);

  const place = new Map([...countries.flatMap((cc) => [`${cc}.pdf`, `${cc}.csv`]), 'ALL.pdf'].map((file, i) => [file, i]));
  files.sort((a, b) => place.get(a.file)! - place.get(b.file)!);
  const snapshot = await frozen.wait();
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
  return { snapshot, reused: false, manifest, files: [...files.map((f) => f.file), 'manifest.json'] };
}

/**
 * @example await sha256File('pack/KR.pdf') // '3f9a…'
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
