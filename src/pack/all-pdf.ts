/**
 * `ALL.pdf`: signatures by country (online, on paper, total), the number of
 * nations, and the snapshot's fingerprint: the one page set for the press
 * and for the coalition's own records.
 */
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { countryName } from '../core/index.ts';
import { formatNumber } from '../i18n/format.ts';
import { fingerprintBlocks, footerText, nationsText, type PackContext } from './pack-context.ts';
import { CONTENT_WIDTH, createPackDocument, drawLaid, PageCounter, PAGE, paginate, paragraph, type Block } from './pdf-pages.ts';
import { layoutText } from './text-lines.ts';

const SIZE = 9;
const LINE = 12;
const NAME_WIDTH = 230;
const NUMBER_WIDTH = (CONTENT_WIDTH - NAME_WIDTH - 40) / 3;

/**
 * @example await writeAllPdf(context, ['KR', 'US'], createWriteStream('ALL.pdf'))
 */
export async function writeAllPdf(ctx: PackContext, countries: string[], out: Writable): Promise<void> {
  const { t, snapshot, fonts, campaign } = ctx;
  const doc = createPackDocument(fonts, { title: `${campaign.title.en} — ${t('en', 'pack:all.heading')}`, at: snapshot.frozenAt, lang: 'zh-Hans' });
  // pipeline, not pipe: a failure in the document (a stream that could not be deflated) reaches the file.
  const written = pipeline(doc, out);
  written.catch(() => {});
  const time = snapshot.frozenAt.toISOString().replace('T', ' ').slice(0, 19);
  const kind = snapshot.final ? 'final' : 'interim';
  const numbers = (x: number, y: number, values: string[]) => {
    values.forEach((value, i) => {
      const right = x + NAME_WIDTH + 40 + (i + 1) * NUMBER_WIDTH;
      doc.text(value, right - doc.widthOfString(value), y, { lineBreak: false });
    });
  };
  const blocks: Block[] = [
    paragraph(doc, `${t('zh', 'pack:all.heading')} · ${t('en', 'pack:all.heading')}`, { font: 'sc', size: 15 }),
    paragraph(doc, `${campaign.title.zh} · ${campaign.title.en}`, { font: 'sc', size: 10.5 }),
    paragraph(doc, `${t('zh', 'pack:all.intro', { kind: t('zh', `pack:kind.${kind}`), time })}  ${t('en', 'pack:all.intro', { kind: t('en', `pack:kind.${kind}`), time })}`, { font: 'sc', size: 9 }),
    {
      height: LINE + 6,
      spaceBefore: 14,
      draw(y) {
        doc.font('sc').fontSize(8).fillColor('#555');
        doc.text(`${t('zh', 'pack:all.country')} · ${t('en', 'pack:all.country')}`, PAGE.left, y, { lineBreak: false });
        doc.text(t('en', 'pack:all.code'), PAGE.left + NAME_WIDTH + 6, y, { lineBreak: false });
        numbers(PAGE.left, y, ['online', 'paper', 'total'].map((k) => `${t('zh', `pack:all.${k}`)} ${t('en', `pack:all.${k}`)}`));
        doc.fillColor('#000');
      },
    },
  ];
  let online = 0;
  let paper = 0;
  for (const country of countries) {
    const n = snapshot.byCountry[country] ?? 0;
    const p = snapshot.context.paper[country] ?? 0;
    online += n;
    paper += p;
    const zh = layoutText(fonts, SIZE, NAME_WIDTH, countryName(country, 'zh'));
    const en = layoutText(fonts, SIZE - 1, NAME_WIDTH, countryName(country, 'en'));
    blocks.push({
      height: (zh.lines.length + en.lines.length) * LINE,
      spaceBefore: 3,
      draw(y) {
        drawLaid(doc, fonts, zh, SIZE, PAGE.left, y, NAME_WIDTH, LINE);
        doc.fillColor('#444');
        drawLaid(doc, fonts, en, SIZE - 1, PAGE.left, y + zh.lines.length * LINE, NAME_WIDTH, LINE);
        doc.fillColor('#000').font('sc').fontSize(SIZE);
        doc.text(country, PAGE.left + NAME_WIDTH + 6, y, { lineBreak: false });
        numbers(PAGE.left, y, [n, p, n + p].map((v) => formatNumber('en', v)));
      },
    });
  }
  blocks.push({
    height: LINE * 2,
    spaceBefore: 8,
    draw(y) {
      doc.moveTo(PAGE.left, y - 3).lineTo(PAGE.left + CONTENT_WIDTH, y - 3).lineWidth(0.5).strokeColor('#999').stroke();
      doc.font('sc').fontSize(SIZE).text(`${t('zh', 'pack:all.sum')} · ${t('en', 'pack:all.sum')}`, PAGE.left, y, { lineBreak: false });
      numbers(PAGE.left, y, [online, paper, online + paper].map((v) => formatNumber('en', v)));
      const nations = Object.keys(snapshot.byCountry).length;
      doc.text(`${t('zh', 'pack:all.nations', { nations: nationsText(ctx, 'zh', nations) })}  ${t('en', 'pack:all.nations', { nations: nationsText(ctx, 'en', nations) })}`, PAGE.left, y + LINE, { lineBreak: false });
    },
  });
  const fingerprint = fingerprintBlocks(ctx, doc, (await ctx.frozen.wait()).merkleRoot);
  fingerprint[0] = { ...fingerprint[0]!, spaceBefore: 28 };
  const pages = paginate([...blocks, ...fingerprint]);
  const counter = new PageCounter(doc, (page, total) => footerText(ctx, 'ALL', page, total), out);
  for (const page of pages) {
    await counter.next();
    for (const { block, y } of page) block.draw(y);
  }
  await counter.end();
  await written;
}
