/**
 * `<CC>.pdf` (and `<CC>.csv`): the pack for the Chinese embassy in one
 * country. Cover letter in Chinese then English, the petition in Chinese,
 * English and Korean, the country's signatures as each signer chose to be
 * shown (anonymous ones counted, not named) with their signing dates, an
 * annex summarising THE LIST, and the snapshot's fingerprint with a QR code
 * to the public verification address.
 *
 * Rows are read once from the snapshot, a batch at a time, and drawn as
 * they come, each page flushed to the file before the next starts (the
 * footers' "x of y" are written at the end, see PageCounter). Memory does not
 * grow with the number of signatures.
 */
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { DateTime } from 'luxon';
import { countryName } from '../core/index.ts';
import type { DeliveryTarget, PackSnapshot } from '../core/index.ts';
import type { Locale } from '../core/index.ts';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format.ts';
import { CsvRows } from './csv-rows.ts';
import { type PackContext, fingerprintBlocks, footerText, letterCountry, nationsText } from './pack-context.ts';
import { BOTTOM, CONTENT_WIDTH, createPackDocument, drawLaid, drawLine, drawText, mixedBlock, PageCounter, PAGE, paginate, paragraph, type Block } from './pdf-pages.ts';
import { startReading } from './start-reading.ts';
import { layoutText, textWidth } from './text-lines.ts';

const ROW_SIZE = 8.5;
const ROW_LINE = 11;
const ROW_GAP = 2;
const HEADER_HEIGHT = 16;
const HEADER_SIZE = 7.5;
const COLUMN_GAP = 16;
const COLUMN_WIDTH = (CONTENT_WIDTH - COLUMN_GAP) / 2;
const NUMBER_WIDTH = 34;
const DATE_WIDTH = 58;
const NAME_X = NUMBER_WIDTH + 6;
const NAME_WIDTH = COLUMN_WIDTH - NAME_X - 6 - DATE_WIDTH;
const TEXT_FONT: Record<Locale, 'sc' | 'kr'> = { zh: 'sc', 'zh-Hant': 'sc', en: 'sc', es: 'sc', ko: 'kr' };

/**
 * Draws one country's PDF into `pdfOut` and its CSV into `csvOut`, ending
 * both. Resolves once everything is drawn; `written` resolves when both files
 * are complete (the last streams are still deflated on the thread pool, so
 * the next country can be drawn meanwhile).
 *
 * @example await (await writeCountryPack(context, 'KR', createWriteStream('KR.pdf'), createWriteStream('KR.csv'))).written
 */
export async function writeCountryPack(ctx: PackContext, country: string, pdfOut: Writable, csvOut: Writable): Promise<{ written: Promise<void> }> {
  const { t, campaign, snapshot, fonts } = ctx;
  const target = ctx.snapshot.context.targets[country] ?? null;
  const doc = createPackDocument(fonts, { title: `${campaign.title.en} — ${countryName(country, 'en')} (${country})`, at: snapshot.frozenAt, lang: 'zh-Hans' });
  // pipeline, not pipe: a failure in the document (a stream that could not be deflated) reaches the file.
  const pdfWritten = pipeline(doc, pdfOut);
  pdfWritten.catch(() => {});

  // The first batch is asked for before the pages that precede the table: the server reads while the app draws them.
  const tableRows = startReading(ctx.rowBatches(country));
  const letter = paginate(letterBlocks(ctx, doc, country, target));
  const petition = paginate(petitionBlocks(ctx, doc));
  const heading = [
    paragraph(doc, t('zh', 'pack:signatures.heading', { country: countryName(country, 'zh') }), { font: 'sc', size: 15 }),
    paragraph(doc, t('en', 'pack:signatures.heading', { country: countryName(country, 'en') }), { font: 'sc', size: 12, gap: 2 }),
    paragraph(doc, t('zh', 'pack:signatures.intro'), { font: 'sc', size: 8.5 }),
    paragraph(doc, t('en', 'pack:signatures.intro'), { font: 'sc', size: 8.5, gap: 2 }),
  ];
  // Space the first table page gives to the heading and the column headers.
  const headingHeight = paginate(heading)[0]!.reduce((h, { block, y }) => Math.max(h, y + block.height), 0) - PAGE.top + 10 + HEADER_HEIGHT;
  const annex = paginate(annexBlocks(ctx, doc));

  const pages = new PageCounter(doc, (page, of) => footerText(ctx, country, page, of), pdfOut);
  const drawPages = async (laid: Array<Array<{ block: Block; y: number }>>) => {
    for (const page of laid) {
      await pages.next();
      for (const { block, y } of page) block.draw(y);
    }
  };
  await drawPages(letter);
  await drawPages(petition);

  const csv = new CsvRows(csvOut, ['name', 'country', 'country-code', 'signed-on'].map((key) => t('en', `pack:csv.${key}`)));
  const cursor = new TableCursor(headingHeight);
  // Translated once: every table page repeats them.
  const headers = {
    number: `${t('zh', 'pack:signatures.number')} ${t('en', 'pack:signatures.number')}`,
    name: `${t('zh', 'pack:signatures.name')} · ${t('en', 'pack:signatures.name')}`,
    signedOn: t('zh', 'pack:signatures.signed-on'),
  };
  const drawColumnHeaders = (top: number) => {
    doc.fillColor('#555');
    for (const column of [0, 1]) {
      const x = PAGE.left + column * (COLUMN_WIDTH + COLUMN_GAP);
      drawText(doc, 'sc', HEADER_SIZE, headers.number, x, top);
      drawText(doc, 'sc', HEADER_SIZE, headers.name, x + NAME_X, top);
      drawText(doc, 'sc', HEADER_SIZE, headers.signedOn, x + COLUMN_WIDTH - DATE_WIDTH, top);
    }
    doc.moveTo(PAGE.left, top + HEADER_HEIGHT - 4).lineTo(PAGE.left + CONTENT_WIDTH, top + HEADER_HEIGHT - 4).lineWidth(0.5).strokeColor('#999').stroke();
    doc.fillColor('#000');
  };
  const startTablePage = async (first: boolean) => {
    // While the freeze is still under way, a turn of the event loop for its answers at every page:
    // drawing goes from page to page through settled promises, and would keep them waiting otherwise.
    if (!ctx.frozen.now()) await new Promise((resolve) => setImmediate(resolve));
    await pages.next();
    if (first) for (const { block, y } of paginate(heading)[0]!) block.draw(y);
    drawColumnHeaders(first ? PAGE.top + headingHeight - HEADER_HEIGHT : PAGE.top);
  };
  await startTablePage(true);
  const anonymousCsv = t('en', 'pack:csv.anonymous');
  const countryEn = countryName(country, 'en');
  let number = 0;
  let anonymous = 0;
  for await (const batch of tableRows) for (const row of batch) {
    const written = csv.add([csvCell(row.displayName ?? anonymousCsv), countryEn, country, row.signedOn]);
    if (written) await written;
    if (row.displayName === null) {
      anonymous += 1;
      continue;
    }
    number += 1;
    const laid = layoutText(fonts, ROW_SIZE, NAME_WIDTH, row.displayName);
    const at = cursor.place(laid.lines.length * ROW_LINE + ROW_GAP);
    if (at.newPage) await startTablePage(false);
    const x = PAGE.left + at.column * (COLUMN_WIDTH + COLUMN_GAP);
    const numberText = String(number);
    const numberWidth = textWidth(fonts, 'sc', ROW_SIZE, numberText);
    drawLine(doc, fonts, 'sc', ROW_SIZE, numberText, x + NUMBER_WIDTH - numberWidth, at.y);
    drawLaid(doc, fonts, laid, ROW_SIZE, x + NAME_X, at.y, NAME_WIDTH, ROW_LINE);
    const date = ctx.tableDate(row.signedOn);
    drawLine(doc, fonts, 'sc', ROW_SIZE, date, x + COLUMN_WIDTH - DATE_WIDTH, at.y);
  }
  for (const line of closingLines(ctx, country, anonymous)) {
    const at = cursor.place(ROW_LINE * 1.6);
    if (at.newPage) await startTablePage(false);
    doc.font('sc').fontSize(ROW_SIZE).text(line, PAGE.left + at.column * (COLUMN_WIDTH + COLUMN_GAP), at.y, { lineBreak: false });
  }
  await csv.end();

  await drawPages(annex);
  // The last pages print the freeze's fingerprint. Rows drawn while the freeze builds its tree leave
  // this file to be finished once the root is known, and the next country is drawn meanwhile.
  const finish = async (snapshot: PackSnapshot) => {
    await drawPages(paginate(fingerprintBlocks(ctx, doc, snapshot.merkleRoot)));
    await pages.end();
  };
  const frozen = ctx.frozen.now();
  const ended = frozen ? finish(frozen) : ctx.frozen.wait().then(finish);
  ended.catch(() => {});
  if (frozen) await ended;
  // finished(), not once('finish'): the CSV may have finished while the last pages were drawn, and its event is gone by then.
  const written = Promise.all([ended, pdfWritten, finished(csvOut)]).then(() => undefined);
  // Awaited by the caller, maybe after drawing the next country; until then a failure is not unhandled.
  written.catch(() => {});
  return { written };
}

/** Where the next row goes: two columns a page, a row never split. */
class TableCursor {
  column = 0;
  y: number;
  private columnTop: number;
  constructor(headingHeight: number) {
    this.columnTop = PAGE.top + headingHeight;
    this.y = this.columnTop;
  }

  place(height: number): { newPage: boolean; column: number; y: number } {
    let newPage = false;
    if (this.y + height > BOTTOM) {
      if (this.column === 0) {
        this.column = 1;
      } else {
        this.column = 0;
        this.columnTop = PAGE.top + HEADER_HEIGHT;
        newPage = true;
      }
      this.y = this.columnTop;
    }
    const at = { newPage, column: this.column, y: this.y };
    this.y += height;
    return at;
  }
}

function closingLines(ctx: PackContext, country: string, anonymous: number): string[] {
  const { t, snapshot } = ctx;
  const online = snapshot.byCountry[country] ?? 0;
  const paper = snapshot.context.paper[country] ?? 0;
  const lines: string[] = [];
  if (online === 0) lines.push(t('zh', 'pack:signatures.none'), t('en', 'pack:signatures.none'));
  if (anonymous > 0) {
    lines.push(t('zh', 'pack:signatures.anonymous', { count: anonymous, n: formatNumber('zh', anonymous) }));
    lines.push(t('en', 'pack:signatures.anonymous', { count: anonymous, n: formatNumber('en', anonymous) }));
  }
  for (const lang of ['zh', 'en'] as const) {
    const both = t(lang, 'pack:online-and-paper', { online: formatNumber(lang, online), paper: formatNumber(lang, paper), total: formatNumber(lang, online + paper) });
    lines.push(t(lang, 'pack:signatures.total', { country: countryName(country, lang), both }));
  }
  return lines;
}

/** The cover letter, in Chinese then English. */
function letterBlocks(ctx: PackContext, doc: PDFKit.PDFDocument, country: string, target: DeliveryTarget | null): Block[] {
  const { t, campaign, snapshot, fonts } = ctx;
  const online = snapshot.byCountry[country] ?? 0;
  const paper = snapshot.context.paper[country] ?? 0;
  const zone = target?.timeZone ?? campaign.timeZone;
  const blocks: Block[] = [];
  for (const lang of ['zh', 'en'] as const) {
    const font = TEXT_FONT[lang];
    const place = letterCountry(country, lang);
    const embassy = (lang === 'zh' ? target?.embassyZh : target?.embassy) ?? t(lang, 'pack:letter.addressee', { country: place });
    const text = (key: string, params: Record<string, unknown> = {}, size = 10.5) => paragraph(doc, t(lang, key, params), { font, size });
    blocks.push({ ...paragraph(doc, t(lang, 'pack:letter.heading'), { font, size: 15 }), spaceBefore: lang === 'en' ? 28 : 0 });
    blocks.push(text('pack:letter.salutation', { embassy }));
    if (target?.address) blocks.push(mixedBlock(doc, fonts, target.address, { size: 9, gap: 2 }));
    blocks.push(text('pack:letter.body', { organizer: campaign.organizer, title: campaign.title[lang], addressee: campaign.addressee[lang] }));
    blocks.push(
      text('pack:letter.counts', {
        count: online,
        date: formatDate(lang, snapshot.frozenAt, zone),
        country: place,
        total: formatNumber(lang, snapshot.total),
        nations: nationsText(ctx, lang, Object.keys(snapshot.byCountry).length),
      }),
    );
    if (paper > 0) {
      const both = t(lang, 'pack:online-and-paper', { online: formatNumber(lang, online), paper: formatNumber(lang, paper), total: formatNumber(lang, online + paper) });
      blocks.push(text('pack:letter.paper', { count: paper, paper: formatNumber(lang, paper), country: place, both }));
    }
    blocks.push(text('pack:letter.fingerprint'));
    if (target?.organisation) blocks.push(mixedBlock(doc, fonts, t(lang, 'pack:letter.delivered-by', { organisation: target.organisation }), { size: 10 }));
    if (target?.visitAt) {
      const visit = DateTime.fromISO(target.visitAt, { zone });
      blocks.push(text('pack:letter.visit', { time: formatDateTime(lang, visit.toJSDate(), zone) }));
    }
    blocks.push(text('pack:letter.closing'));
    blocks.push(paragraph(doc, `${campaign.organizer}\n${formatDate(lang, snapshot.frozenAt, zone)}`, { font, size: 10.5, gap: 4 }));
  }
  return blocks;
}

/** The petition in Chinese first, then English and Korean. */
function petitionBlocks(ctx: PackContext, doc: PDFKit.PDFDocument): Block[] {
  const { t, campaign } = ctx;
  // Three scripts in one line: drawn with font fallback.
  const blocks: Block[] = [mixedBlock(doc, ctx.fonts, `${t('zh', 'pack:petition-heading')} · ${t('en', 'pack:petition-heading')} · ${t('ko', 'pack:petition-heading')}`, { size: 15 })];
  for (const lang of ['zh', 'en', 'ko'] as const) {
    const font = TEXT_FONT[lang];
    blocks.push({ ...paragraph(doc, campaign.title[lang], { font, size: 12.5 }), spaceBefore: 18 });
    blocks.push(paragraph(doc, t(lang, 'petition.addressed-to', { addressee: campaign.addressee[lang] }), { font, size: 9.5, color: '#333', gap: 3 }));
    for (const para of campaign.petition[lang].split(/\n\s*\n/)) blocks.push(paragraph(doc, para.trim(), { font, size: 10 }));
  }
  return blocks;
}

/** THE LIST, summarized: counts by kind, then each case in Chinese and English. */
function annexBlocks(ctx: PackContext, doc: PDFKit.PDFDocument): Block[] {
  const { t, snapshot, fonts } = ctx;
  const list = snapshot.context.list;
  const blocks: Block[] = [paragraph(doc, `${t('zh', 'pack:annex.heading')} · ${t('en', 'pack:annex.heading')}`, { font: 'sc', size: 15 })];
  if (list.total === 0) {
    blocks.push(paragraph(doc, `${t('zh', 'pack:annex.empty')} ${t('en', 'pack:annex.empty')}`, { font: 'sc', size: 10 }));
    return blocks;
  }
  for (const lang of ['zh', 'en'] as const) {
    blocks.push(
      paragraph(
        doc,
        t(lang, 'pack:annex.intro', {
          total: formatNumber(lang, list.total),
          refugees: formatNumber(lang, list.byKind.refugee),
          workers: formatNumber(lang, list.byKind['humanitarian-worker']),
        }),
        { font: 'sc', size: 10 },
      ),
    );
  }
  for (const c of list.cases) {
    const head = [
      `${c.number}.`,
      c.name ?? `${t('zh', 'pack:annex.name-withheld')} / ${t('en', 'pack:annex.name-withheld')}`,
      `${t('zh', `pack:annex.kind.${c.kind}`)} / ${t('en', `pack:annex.kind.${c.kind}`)}`,
      c.date,
      c.place,
    ].filter(Boolean).join(' · ');
    blocks.push({ ...mixedBlock(doc, fonts, head, { size: 9.5 }), spaceBefore: 10 });
    if (c.isSample) blocks.push(paragraph(doc, `${t('zh', 'pack:annex.sample')} ${t('en', 'pack:annex.sample')}`, { font: 'sc', size: 8, color: '#a00', gap: 1 }));
    blocks.push(paragraph(doc, c.summary.zh, { font: 'sc', size: 9, gap: 2 }));
    blocks.push(paragraph(doc, c.summary.en, { font: 'sc', size: 9, gap: 2 }));
  }
  const more = list.total - list.cases.length;
  if (more > 0) {
    blocks.push(paragraph(doc, `${t('zh', 'pack:annex.more', { count: more, n: formatNumber('zh', more) })} ${t('en', 'pack:annex.more', { count: more, n: formatNumber('en', more) })}`, { font: 'sc', size: 9 }));
  }
  return blocks;
}

/** Spreadsheets run cells that start with = + - @ as formulas; a leading quote keeps them text. */
function csvCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
