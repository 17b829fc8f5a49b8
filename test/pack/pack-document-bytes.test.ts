/**
 * A pack document's bytes do not depend on when its streams finish
 * deflating on the thread pool (a long stream goes there; a page's content
 * is deflated at once unless one is waiting before it): the same pages make
 * the same file whether the document is ended at once or after every
 * deflate is done.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { loadPackFonts } from '../../src/pack/fonts.ts';
import { createPackDocument, drawText, endDocument } from '../../src/pack/pdf-pages.ts';

const fonts = loadPackFonts();

async function packDocument(before: () => Promise<void>): Promise<Buffer> {
  const doc = createPackDocument(fonts, { title: 'Bytes', at: new Date('2026-12-10T00:00:00Z'), lang: 'zh-Hans' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => doc.on('end', resolve));
  for (let page = 1; page <= 3; page++) {
    doc.addPage();
    // The first page's content is long enough (over 128 KB) to be deflated on the thread pool, and the pages after it wait for it.
    const rows = page === 1 ? 4_000 : 60;
    for (let row = 0; row < rows; row++) drawText(doc, 'sc', 8.5, `${page}-${row} Made Up Person 王小明 김민준`, 56, 56 + (row % 60) * 12);
  }
  await before();
  await endDocument(doc);
  await done;
  return Buffer.concat(chunks);
}

describe('pack document bytes', () => {
  it('are the same whether the document ends at once or after every stream is deflated', async () => {
    const atOnce = await packDocument(async () => {});
    const afterDeflating = await packDocument(() => sleep(200));
    expect(afterDeflating.subarray(0, 5).toString()).toBe('%PDF-');
    expect(atOnce.equals(afterDeflating)).toBe(true);
  });
});
