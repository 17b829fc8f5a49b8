/**
 * What every file of a pack is made from, and the parts the country packs and
 * ALL.pdf share (the fingerprint section, footers, country names).
 */
import type { Campaign } from '../core/index.ts';
import { countryName } from '../core/index.ts';
import type { PackHeader, PackSnapshot, SnapshotRow } from '../core/index.ts';
import type { Locale } from '../core/index.ts';
import { formatNumber } from '../i18n/format.ts';
import type { Translate } from '../i18n/i18n.ts';
import { rememberedTexts } from '../i18n/remembered-texts.ts';
import type { PackFonts } from './fonts.ts';
import { CONTENT_WIDTH, PAGE, paragraph, qrBlock, type Block } from './pdf-pages.ts';

/**
 * The pack's snapshot once its freeze has ended: at once for a snapshot
 * frozen before, later for one whose rows are drawn while it is frozen
 * (only the fingerprint needs it).
 */
export interface FrozenSnapshot {
  /** The snapshot if the freeze has ended, else null. */
  now(): PackSnapshot | null;
  wait(): Promise<PackSnapshot>;
}

/** A FrozenSnapshot of a snapshot frozen before. */
export function frozenAlready(snapshot: PackSnapshot): FrozenSnapshot {
  const waiting = Promise.resolve(snapshot);
  return { now: () => snapshot, wait: () => waiting };
}

/** A FrozenSnapshot that follows a freeze under way. */
export function frozenWhenDone(freezing: Promise<PackSnapshot>): FrozenSnapshot {
  let done: PackSnapshot | null = null;
  const waiting = freezing.then((snapshot) => (done = snapshot));
  // Whoever waits gets the failure; until someone does, it is not unhandled.
  waiting.catch(() => {});
  return { now: () => done, wait: () => waiting };
}

export interface PackContext {
  campaign: Campaign;
  /** What the pages print of the snapshot; its fingerprint comes from `frozen`. */
  snapshot: PackHeader;
  frozen: FrozenSnapshot;
  t: Translate;
  fonts: PackFonts;
  /** The public address where receipts are checked, or null when PUBLIC_URL is not set. */
  verifyUrl: string | null;
  /** One country's rows in signing order, a batch at a time. */
  rowBatches(country: string): AsyncIterable<readonly SnapshotRow[]>;
  /** A signing date as printed in the table (Intl, cached per date). */
  tableDate(isoDate: string): string;
  /** "Page 3 of 12" in one language (`pack:page`), translated once per pack: every page has one. */
  pageOf(lang: Locale, page: number, pages: number): string;
}

// Stand-ins for the numbers while `pack:page` is translated once.
const PAGE_MARK = '\u0001';
const PAGES_MARK = '\u0002';

/**
 * Identifies a pack's translation by key and every value: every country's
 * file repeats the same letter, petition, annex and fingerprint texts. The
 * memory lives as long as the pack.
 */
const packTextId = (locale: Locale, key: string, params?: Record<string, unknown>) =>
  params === undefined ? `${locale}\u0000${key}` : `${locale}\u0000${key}\u0000${JSON.stringify(params)}`;

/**
 * @example createPackContext({ campaign, snapshot, t, fonts, verifyUrl, rowBatches })
 */
export function createPackContext(input: Omit<PackContext, 'tableDate' | 'pageOf'>): PackContext {
  const dates = new Map<string, string>();
  const format = new Intl.DateTimeFormat('zh-Hans', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' });
  const t = rememberedTexts(input.t, packTextId);
  const pageTemplates = new Map<Locale, string | null>();
  return {
    ...input,
    t,
    pageOf(lang, page, pages) {
      let template = pageTemplates.get(lang);
      if (template === undefined) {
        const made = input.t(lang, 'pack:page', { page: PAGE_MARK, pages: PAGES_MARK });
        // A translation that repeats or drops a number is translated page by page instead.
        template = made.split(PAGE_MARK).length === 2 && made.split(PAGES_MARK).length === 2 ? made : null;
        pageTemplates.set(lang, template);
      }
      return template === null ? input.t(lang, 'pack:page', { page, pages }) : template.replace(PAGE_MARK, String(page)).replace(PAGES_MARK, String(pages));
    },
    tableDate(isoDate) {
      let text = dates.get(isoDate);
      if (!text) {
        text = format.format(new Date(`${isoDate}T12:00:00Z`));
        // Signing dates are campaign days: a few hundred at most.
        dates.set(isoDate, text);
      }
      return text;
    },
  };
}

/** The country's name as a letter uses it. */
export function letterCountry(country: string, lang: Locale): string {
  return countryName(country, lang);
}

export function nationsText(ctx: Pick<PackContext, 't'>, lang: Locale, n: number): string {
  return ctx.t(lang, 'pack:nations', { count: n, n: formatNumber(lang, n) });
}

/** "第 3 页，共 12 页 · Page 3 of 12 · KR · <root prefix>" */
export function footerText(ctx: PackContext, label: string, page: number, total: number): string {
  return [
    ctx.pageOf('zh', page, total),
    ctx.pageOf('en', page, total),
    label,
    `${ctx.campaign.id}`,
  ].join('  ·  ');
}

/** The snapshot's fingerprint (`root`, hex), and where anyone can check a receipt against it. */
export function fingerprintBlocks(ctx: PackContext, doc: PDFKit.PDFDocument, root: string): Block[] {
  const { t, snapshot } = ctx;
  const time = snapshot.frozenAt.toISOString().replace('T', ' ').slice(0, 19);
  const kind = snapshot.final ? 'final' : 'interim';
  const blocks: Block[] = [paragraph(doc, `${t('zh', 'pack:fingerprint.heading')} · ${t('en', 'pack:fingerprint.heading')}`, { font: 'sc', size: 15 })];
  for (const lang of ['zh', 'en'] as const) {
    blocks.push(
      paragraph(
        doc,
        t(lang, 'pack:fingerprint.root', {
          version: snapshot.leafVersion,
          kind: t(lang, `pack:kind.${kind}`),
          time,
          total: formatNumber(lang, snapshot.total),
          nations: nationsText(ctx, lang, Object.keys(snapshot.byCountry).length),
        }),
        { font: 'sc', size: 9.5 },
      ),
    );
  }
  blocks.push({ ...paragraph(doc, root, { font: 'sc', size: 10.5 }), spaceBefore: 12 });
  if (ctx.verifyUrl) {
    blocks.push({ ...paragraph(doc, `${t('zh', 'pack:fingerprint.verify')}\n${t('en', 'pack:fingerprint.verify')}`, { font: 'sc', size: 9.5 }), spaceBefore: 14 });
    blocks.push(paragraph(doc, ctx.verifyUrl, { font: 'sc', size: 10 }));
    blocks.push(qrBlock(doc, ctx.verifyUrl, 120, PAGE.left));
  } else {
    for (const lang of ['zh', 'en'] as const) blocks.push(paragraph(doc, t(lang, 'pack:fingerprint.no-url'), { font: 'sc', size: 9.5, width: CONTENT_WIDTH }));
  }
  return blocks;
}
