/**
 * The page machinery shared by the pack's PDFs: a deterministic pdfkit
 * document, pages laid out before they are drawn (so every footer can say
 * "page x of y" while pages are still streamed out one at a time), blocks
 * of text, mixed-script lines and the QR code.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { deflate as deflateCallback, deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { FALLBACK_ORDER, type FontName, type PackFonts } from './fonts.ts';
import { layoutText, type LaidText } from './text-lines.ts';

const deflate = promisify(deflateCallback);

export const PAGE = { width: 595.28, height: 841.89, left: 56, right: 56, top: 56, bottom: 64 };
export const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
export const BOTTOM = PAGE.height - PAGE.bottom;

/**
 * A document whose bytes depend only on what is drawn: fixed dates (the
 * snapshot's instant), no random ids (pdfkit derives the file id from the
 * info dictionary and font subset tags from font ids), pages flushed as soon
 * as the next one starts.
 */
export function createPackDocument(fonts: PackFonts, info: { title: string; at: Date; lang: string }): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
    autoFirstPage: false,
    bufferPages: false,
    // pdfkit caches the layout of every distinct word it draws: with 100,000 names that cache only grows.
    fontLayoutCache: false,
    // No default Helvetica: pdfkit parsed its metrics for every document, and the pack never draws with it.
    font: null,
    lang: info.lang,
    displayTitle: true,
    info: { Title: info.title, Creator: 'nkfc-petition-bots delivery pack', Producer: 'pdfkit', CreationDate: info.at, ModDate: info.at },
  } as unknown as PDFKit.PDFDocumentOptions);
  for (const name of FALLBACK_ORDER) doc.registerFont(name, fonts.fonts[name] as never);
  documentFonts.set(doc, fonts);
  deflateInBackground(doc);
  batchContent(doc);
  gatherOutput(doc);
  return doc;
}

/** Bytes gathered before they go to the document's stream. */
const OUTPUT_CHUNK = 64 * 1024;

/**
 * pdfkit pushes every piece of every object to its stream on its own (the
 * object's number, its dictionary, `stream`, the data, `endstream`,
 * `endobj`), and turns each string into bytes one character at a time in
 * JavaScript: some 25 chunks a page, each through the stream machinery to
 * the file. Here strings become bytes natively (the same low byte of each
 * code unit) and pieces are pushed 64 KB at a time, all that is left when
 * the document ends. The bytes and their offsets are the same.
 */
function gatherOutput(doc: PDFKit.PDFDocument): void {
  const pdf = doc as unknown as { _offset: number; _write(data: string | Uint8Array): void; push(chunk: Uint8Array | null): boolean };
  const push = pdf.push.bind(doc);
  let pieces: Uint8Array[] = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    push(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, size));
    pieces = [];
    size = 0;
  };
  pdf._write = (data) => {
    const bytes = data instanceof Uint8Array ? data : Buffer.from(`${data}\n`, 'latin1');
    pieces.push(bytes);
    size += bytes.length;
    pdf._offset += bytes.length;
    if (size >= OUTPUT_CHUNK) flush();
  };
  pdf.push = (chunk) => {
    if (chunk === null) flush();
    return push(chunk);
  };
}

/** A pdfkit object (pdfkit 0.20's PDFReference): its stream chunks, and whether pdfkit will deflate them when it is written. */
interface PdfObject {
  compress: boolean;
  buffer: Uint8Array[];
  finalize(): void;
  write(chunk: Uint8Array): void;
  end(): void;
}

const STREAM_LEVEL = 1;
/**
 * A stream at most this long (a page's content) is deflated at once, on this
 * thread, even when others wait to be written before it: handing it to the
 * thread pool cost this thread as much (a zlib stream, its callbacks) as
 * deflating it, and the pool's work on top. (Deflated here only when nothing
 * waited, every page of a 100,000 pack went to the pool behind the first
 * font file: 2,930 streams. Deflated here, the pack took 2.13-2.25 s against
 * 2.23-2.38 s, and 273-308 MB of RSS against 315-333 MB.) Font files and the
 * like go to the pool.
 */
const DEFLATE_HERE_BYTES = 128 * 1024;
/** Objects waiting to be written before drawing pauses: a few pages' content, so memory stays flat. */
const MAX_WAITING = 24;

/** Per document: the objects still to be written, in the order pdfkit finished them. */
interface WriteQueue {
  tail: Promise<void>;
  waiting: number;
}
const queues = new WeakMap<PDFKit.PDFDocument, WriteQueue>();

/**
 * Streams are deflated at zlib level 1, a page's content at once, a longer
 * stream on libuv's thread pool while the next page is drawn: deflating
 * (pdfkit does it synchronously at its default level 6, with no option for
 * either) was a tenth of a pack's time on the one thread that draws. pdfkit lets an object be written after `finalize` returns (it
 * counts objects still open and writes the cross-reference table once all
 * are in); objects are written strictly in the order pdfkit finished them,
 * so the file's bytes do not depend on which deflate ends first. A deflated
 * stream is written as it is, still marked FlateDecode.
 */
function deflateInBackground(doc: PDFKit.PDFDocument): void {
  const pdf = doc as unknown as { ref(data?: object): PdfObject };
  const ref = pdf.ref.bind(doc);
  const queue: WriteQueue = { tail: Promise.resolve(), waiting: 0 };
  queues.set(doc, queue);
  pdf.ref = (data) => {
    const object = ref(data);
    const finalize = object.finalize.bind(object);
    object.finalize = () => {
      let deflated: Promise<Buffer> | null = null;
      if (object.compress && object.buffer.length > 0) {
        const data = Buffer.concat(object.buffer);
        if (data.length <= DEFLATE_HERE_BYTES) {
          object.buffer = [deflateSync(data, { level: STREAM_LEVEL })];
          object.compress = false;
          // Nothing waits before it: written now.
          if (queue.waiting === 0) {
            finalize();
            return;
          }
        } else {
          deflated = deflate(data, { level: STREAM_LEVEL });
          // Settled at once, so a failure is not reported as unhandled while earlier objects are still written.
          deflated.catch(() => {});
        }
      }
      queue.waiting += 1;
      queue.tail = queue.tail.then(async () => {
        if (deflated) {
          object.buffer = [await deflated];
          object.compress = false;
        }
        queue.waiting -= 1;
        finalize();
      });
      // The document's stream carries the failure to the file it is piped into.
      queue.tail.catch((error: unknown) => doc.destroy(error as Error));
    };
    return object;
  };
}

/** Waits while more than `most` objects of `doc` are still to be written. */
async function writtenDownTo(doc: PDFKit.PDFDocument, most: number): Promise<void> {
  const queue = queues.get(doc);
  while (queue && queue.waiting > most) await queue.tail;
}

/**
 * Ends a pack document once every object so far is written. pdfkit writes
 * the objects it made before deflateInBackground took over (catalog, page
 * tree, names) at once when the document ends: with objects of earlier pages
 * still waiting, whether they came first depended on timing, and two packs of
 * one snapshot could differ in their bytes.
 */
export async function endDocument(doc: PDFKit.PDFDocument): Promise<void> {
  await writtenDownTo(doc, 0);
  doc.end();
}

/** Something laid out before drawing: its height, and how to draw it at a given top. */
export interface Block {
  height: number;
  draw(y: number): void;
  /** Space above it, dropped at the top of a page. */
  spaceBefore?: number;
}

/** Assigns blocks to pages (a block never splits); returns, per page, the blocks and their tops. */
export function paginate(blocks: Block[]): Array<Array<{ block: Block; y: number }>> {
  const pages: Array<Array<{ block: Block; y: number }>> = [[]];
  let y = PAGE.top;
  for (const block of blocks) {
    if (block.height > BOTTOM - PAGE.top) throw new Error('a block of the pack is taller than a page');
    const before = y === PAGE.top ? 0 : (block.spaceBefore ?? 0);
    if (y + before + block.height > BOTTOM) {
      pages.push([]);
      y = PAGE.top;
    } else {
      y += before;
    }
    pages[pages.length - 1]!.push({ block, y });
    y += block.height;
  }
  return pages;
}

/** A paragraph in one font, wrapped by pdfkit's own line wrapping. */
export function paragraph(doc: PDFKit.PDFDocument, text: string, options: { font: FontName; size: number; x?: number; width?: number; gap?: number; color?: string; align?: 'left' | 'right' | 'center' }): Block {
  const x = options.x ?? PAGE.left;
  const width = options.width ?? CONTENT_WIDTH;
  const align = options.align ?? 'left';
  const textOptions = { width, lineGap: options.size * 0.35, align } as const;
  doc.font(options.font).fontSize(options.size);
  if (align !== 'left') {
    return {
      height: doc.heightOfString(text, textOptions),
      spaceBefore: options.gap ?? options.size * 0.6,
      draw(y) {
        doc.font(options.font).fontSize(options.size).fillColor(options.color ?? '#000').text(text, x, y, textOptions);
      },
    };
  }
  const lines = wrappedLines(doc, text, { width, lineGap: textOptions.lineGap, align: 'left' });
  // Each line a line height and the gap below: the sum heightOfString makes, added up in the same order.
  const step = doc.currentLineHeight(true) + textOptions.lineGap;
  let height = doc.y;
  for (let i = 0; i < lines.length; i++) height += step;
  height -= doc.y;
  return {
    height,
    spaceBefore: options.gap ?? options.size * 0.6,
    draw(y) {
      doc.fillColor(options.color ?? '#000');
      let at = y;
      for (const line of lines) {
        drawLine(doc, fonts(doc), options.font, options.size, line, x, at);
        at += step;
      }
    },
  };
}

/** The fonts a pack document was made with (see createPackDocument). */
const documentFonts = new WeakMap<PDFKit.PDFDocument, PackFonts>();
function fonts(doc: PDFKit.PDFDocument): PackFonts {
  return documentFonts.get(doc)!;
}

/** Wrapped paragraphs, per font: the petition, annex and fingerprint are the same in all 60 PDFs of a pack. */
const wrapped = new WeakMap<object, Map<string, string[]>>();
const WRAPPED_KEPT = 2_000;

/**
 * The lines pdfkit's line wrapper makes of `text` in the current font and
 * size, as `text()` would draw them left-aligned (kept: wrapping a long
 * petition, word by word, took a third of each country's PDF).
 */
function wrappedLines(doc: PDFKit.PDFDocument, text: string, options: { width: number; lineGap: number; align: 'left' }): string[] {
  const pdf = doc as unknown as PdfInternals;
  let cache = wrapped.get(pdf._font.font);
  if (!cache) wrapped.set(pdf._font.font, (cache = new Map()));
  const key = `${pdf._fontSize}|${options.width}|${options.lineGap}|${text}`;
  let lines = cache.get(key);
  if (!lines) {
    const found: string[] = [];
    const { x, y } = doc;
    // heightOfString's own pass, recording each line instead of only counting it.
    pdf._text(text, x, y, { ...options, height: Infinity }, (line: string) => {
      found.push(line);
      doc.y += doc.currentLineHeight(true) + options.lineGap;
    });
    doc.x = x;
    doc.y = y;
    if (cache.size >= WRAPPED_KEPT) cache.clear();
    cache.set(key, (lines = found));
  }
  return lines;
}

/** A mixed-script text (an address, a country name) wrapped in a column, as a block. */
export function mixedBlock(doc: PDFKit.PDFDocument, fonts: PackFonts, text: string, options: { size: number; x?: number; width?: number; gap?: number }): Block {
  const x = options.x ?? PAGE.left;
  const width = options.width ?? CONTENT_WIDTH;
  const laid = layoutText(fonts, options.size, width, text);
  const lineHeight = options.size * 1.45;
  return { height: laid.lines.length * lineHeight, spaceBefore: options.gap ?? options.size * 0.6, draw: (y) => drawLaid(doc, fonts, laid, options.size, x, y, width, lineHeight) };
}

/** Draws laid-out lines: left-aligned, or right-aligned for a right-to-left text. */
export function drawLaid(doc: PDFKit.PDFDocument, fonts: PackFonts, laid: LaidText, size: number, x: number, y: number, width: number, lineHeight: number, align: 'start' | 'end' = 'start'): void {
  for (const [i, line] of laid.lines.entries()) {
    const right = laid.rtl !== (align === 'end');
    let at = right ? x + width - line.width : x;
    for (const piece of line.pieces) {
      // A right-to-left piece is shaped as a whole (features skip pdfkit's word-by-word layout, which would undo the reordering).
      drawLine(doc, fonts, piece.font, size, piece.text, at, y + i * lineHeight, piece.rtl ? [] : undefined);
      at += piece.width;
    }
  }
}

/** What writing one line touches inside pdfkit 0.20: the current embedded font and size, the page, and `text()`'s own line writer. */
interface PdfInternals {
  _font: {
    font: object;
    id: string;
    ascender: number;
    scale: number;
    subset: { includeGlyph(gid: number): number };
    widths: number[];
    unicode: number[][];
    ref(): unknown;
    /** Glyph ids in the subset as hex, and positions in thousandths of the size (advanceWidth added by pdfkit). */
    encode(text: string, features?: string[]): [string[], Array<{ xAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }>];
  };
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown>; write(chunk: Uint8Array): void };
  _text(text: string, x: number, y: number, options: object, line: (text: string) => void): void;
}

/** How pdfkit writes a number into a content stream (PDFObject.number). */
const pdfNumber = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * pdfNumber's text for a line's position, remembered: a table repeats the
 * same columns and row heights on every page, and turning a fraction into
 * text cost more than the rest of writing the position (700,000 positions:
 * 90 ms, 27 ms remembered). Bounded.
 */
const positionTexts = new Map<number, string>();
function positionText(n: number): string {
  let text = positionTexts.get(n);
  if (text === undefined) {
    if (positionTexts.size >= 8_192) positionTexts.clear();
    text = String(pdfNumber(n));
    positionTexts.set(n, text);
  }
  return text;
}

/**
 * Per embedded font of a document (pdfkit's EmbeddedFont): each code unit's
 * glyph id in the subset, plus one (0: not in the subset yet). A table, not
 * a Map: a table row looks up three short texts, one code unit at a time.
 */
const subsetIds = new WeakMap<object, Uint16Array>();

/**
 * Puts a glyph in the document's subset of the font, with the width and
 * characters pdfkit's `encode` records for it; returns its id in the subset.
 */
function subsetGlyph(embedded: PdfInternals['_font'], glyph: { id: number; advanceWidth: number; codePoints: number[] }): number {
  const gid = embedded.subset.includeGlyph(glyph.id);
  if (embedded.widths[gid] == null) embedded.widths[gid] = glyph.advanceWidth * embedded.scale;
  if (embedded.unicode[gid] == null) embedded.unicode[gid] = glyph.codePoints;
  return gid;
}

/** A glyph id in the subset as the 4 hex digits of a content stream, made once per id. */
const HEX4: string[] = [];
const hex4 = (gid: number) => (HEX4[gid] ??= `0000${gid.toString(16)}`.slice(-4));

/**
 * One line at (x, y) in a font and size, never wrapped. A text that needs
 * no shaping is written here: its glyphs go into the font's subset (once per
 * document; then only their hex ids are looked up) and the line is appended
 * to the page's content with the operators pdfkit's `text()` writes, in a
 * text object shared with the lines before it. `text()` merged its options,
 * laid the string out twice into glyph and position objects (once only to
 * move doc.x) and wrote eight content lines one buffer at a time: for a
 * table of 100,000 names, most of the drawing. Text that needs shaping is
 * written by writeShaped.
 */
export function drawLine(doc: PDFKit.PDFDocument, fonts: PackFonts, font: FontName, size: number, text: string, x: number, y: number, features?: string[]): void {
  appendLine(doc, pendingContent.get(doc)!, fonts, font, size, text, x, y, features);
}

/** drawLine's work, appending the line's operators to `pending` (the page's content, or a stream of its own). */
function appendLine(doc: PDFKit.PDFDocument, pending: PendingContent, fonts: PackFonts, font: FontName, size: number, text: string, x: number, y: number, features?: string[]): void {
  doc.font(font).fontSize(size);
  const pdf = doc as unknown as PdfInternals;
  if (text.length === 0) return;
  if (features || !fonts.needsNoShaping(text)) {
    writeShaped(doc, pending, text.replace(/\n/g, ''), x, y, features);
    return;
  }
  const embedded = pdf._font;
  let ids = subsetIds.get(embedded);
  if (!ids) subsetIds.set(embedded, (ids = new Uint16Array(0x10000)));
  let hex = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let id = ids[unit]!;
    if (id === 0) ids[unit] = id = subsetGlyph(embedded, fonts.glyph(font, unit)) + 1;
    hex += hex4(id - 1);
  }
  startLine(pdf, pending, x, y);
  pending.text += `[<${hex}> 0] TJ\n`;
}

/**
 * Opens the page's shared text object if needed and moves to the line at
 * (x, y) in the current font and size: pdfkit's text object is the page's
 * coordinates flipped (q, cm), then BT. Consecutive lines share one, so a
 * table row costs a position, a font when it changes, and its glyphs: half
 * the bytes to build and deflate. Returns the line's baseline.
 */
function startLine(pdf: PdfInternals, pending: PendingContent, x: number, y: number): number {
  const embedded = pdf._font;
  useFontOnPage(pdf);
  if (!pending.open) {
    pending.text += `q\n1 0 0 -1 0 ${pdfNumber(pdf.page.height)} cm\nBT\n`;
    pending.open = true;
    pending.fontId = '';
  }
  const baseline = pdf.page.height - y - (embedded.ascender / 1000) * pdf._fontSize;
  pending.text += `1 0 0 1 ${positionText(x)} ${positionText(baseline)} Tm\n`;
  const size = pdfNumber(pdf._fontSize);
  if (embedded.id !== pending.fontId || size !== pending.fontSize) {
    pending.text += `/${embedded.id} ${size} Tf\n`;
    pending.fontId = embedded.id;
    pending.fontSize = size;
  }
  return baseline;
}

/** Puts the current font in the page's resources (the page names the fonts its content uses). */
function useFontOnPage(pdf: PdfInternals): void {
  if (pdf.page.fonts[pdf._font.id] == null) pdf.page.fonts[pdf._font.id] = pdf._font.ref();
}

/** Closes the text object startLine opened, if it is open. */
function closeText(pending: PendingContent): void {
  if (pending.open) pending.text += 'ET\nQ\n';
  pending.open = false;
}

/**
 * A line that needs shaping (Arabic, Hebrew, Thai, marks...), written with
 * the operators pdfkit's `_fragment` writes for a plain left-aligned line:
 * the glyphs as pdfkit's font encodes them, an adjustment where a glyph's
 * advance differs from its width, and a move for each glyph set off its
 * place (a mark). In the page's shared text object instead of a text
 * object, save and restore of its own: a tenth of the names in the bench
 * are Arabic. `features: []` shapes a right-to-left piece as a whole.
 */
function writeShaped(doc: PDFKit.PDFDocument, pending: PendingContent, text: string, x: number, y: number, features?: string[]): void {
  if (text.length === 0) return;
  const pdf = doc as unknown as PdfInternals;
  const baseline = startLine(pdf, pending, x, y);
  const [encoded, positions] = features ? encodeRun(pdf._font, text, features) : pdf._font.encode(text, features);
  const scale = pdf._fontSize / 1000;
  const commands: string[] = [];
  let last = 0;
  let hadOffset = false;
  const addSegment = (cur: number) => {
    if (last < cur) {
      const advance = positions[cur - 1]!.xAdvance - positions[cur - 1]!.advanceWidth;
      commands.push(`<${encoded.slice(last, cur).join('')}> ${pdfNumber(-advance)}`);
    }
    last = cur;
  };
  const flush = (i: number) => {
    addSegment(i);
    if (commands.length > 0) {
      pending.text += `[${commands.join(' ')}] TJ\n`;
      commands.length = 0;
    }
  };
  let at = x;
  let i = 0;
  for (; i < positions.length; i++) {
    const pos = positions[i]!;
    if (pos.xOffset || pos.yOffset) {
      flush(i);
      pending.text += `1 0 0 1 ${pdfNumber(at + pos.xOffset * scale)} ${pdfNumber(baseline + pos.yOffset * scale)} Tm\n`;
      flush(i + 1);
      hadOffset = true;
    } else {
      if (hadOffset) {
        pending.text += `1 0 0 1 ${pdfNumber(at)} ${pdfNumber(baseline)} Tm\n`;
        hadOffset = false;
      }
      if (pos.xAdvance - pos.advanceWidth !== 0) addSegment(i + 1);
    }
    at += pos.xAdvance * scale;
  }
  flush(i);
}

/** Per embedded font of a document: each glyph's id in the subset, as 4 hex digits, by its id in the font. */
const shapedHex = new WeakMap<object, Map<number, string>>();

/**
 * What pdfkit's `encode(text, features)` answers (glyph ids in the subset as
 * hex, positions scaled to thousandths of the size), without its per-run
 * cost: pdfkit scales each position with a `for…in` over its keys and
 * encodes every glyph again, a run of shaped text (a right-to-left name)
 * took ten times a plain one. Same font, same products, same numbers.
 */
function encodeRun(embedded: PdfInternals['_font'], text: string, features: string[]): ReturnType<PdfInternals['_font']['encode']> {
  const run = (embedded.font as FontkitFont).layout(text, features);
  let hexes = shapedHex.get(embedded);
  if (!hexes) shapedHex.set(embedded, (hexes = new Map()));
  const { scale } = embedded;
  const encoded: string[] = [];
  const positions: Array<{ xAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }> = [];
  for (let i = 0; i < run.glyphs.length; i++) {
    const glyph = run.glyphs[i]!;
    let hex = hexes.get(glyph.id);
    if (hex === undefined) {
      hex = hex4(subsetGlyph(embedded, glyph));
      hexes.set(glyph.id, hex);
    }
    encoded.push(hex);
    const position = run.positions[i]!;
    positions.push({ xAdvance: position.xAdvance * scale, xOffset: position.xOffset * scale, yOffset: position.yOffset * scale, advanceWidth: glyph.advanceWidth * scale });
  }
  return [encoded, positions];
}

/** What encodeRun reads of a fontkit font's layout. */
interface FontkitFont {
  layout(text: string, features: string[]): {
    glyphs: Array<{ id: number; advanceWidth: number; codePoints: number[] }>;
    positions: Array<{ xAdvance: number; xOffset: number; yOffset: number }>;
  };
}

/** Page content drawLine made that pdfkit has not been given yet; `open` while its text object is, with the font and size last set in it. */
interface PendingContent {
  text: string;
  open: boolean;
  fontId: string;
  fontSize: number;
}
/** Per document. */
const pendingContent = new WeakMap<PDFKit.PDFDocument, PendingContent>();

/**
 * Lines drawn by drawLine go to the page as one chunk, not one buffer each
 * (a table page holds a few hundred): they are kept as text until pdfkit
 * writes anything itself or ends the page, then their text object is closed
 * and handed over first, so the content keeps its order.
 */
function batchContent(doc: PDFKit.PDFDocument): void {
  const pending: PendingContent = { text: '', open: false, fontId: '', fontSize: 0 };
  pendingContent.set(doc, pending);
  const pdf = doc as unknown as { page: { write(chunk: Uint8Array): void }; addContent(data: unknown): unknown; flushPages(): void };
  const flush = () => {
    closeText(pending);
    if (pending.text === '') return;
    // As bytes: pdfkit turns a string into bytes one character at a time in JavaScript.
    pdf.page.write(Buffer.from(pending.text, 'latin1'));
    pending.text = '';
  };
  const addContent = pdf.addContent.bind(doc);
  pdf.addContent = (data) => {
    flush();
    return addContent(data);
  };
  const flushPages = pdf.flushPages.bind(doc);
  pdf.flushPages = () => {
    flush();
    flushPages();
  };
}

const FOOTER_SIZE = 7.5;
const FOOTER_FONT: FontName = 'sc';

/**
 * One line of text in one font at (x, y), never wrapped: what `text()` with
 * `lineBreak: false` draws, through drawLine (headers and footers repeat on
 * every one of a pack's thousand pages).
 */
export function drawText(doc: PDFKit.PDFDocument, font: FontName, size: number, text: string, x: number, y: number): void {
  drawLine(doc, fonts(doc), font, size, text, x, y);
}

/** QR codes by address: every PDF of a pack carries the same one. */
const qrCodes = new Map<string, ReturnType<typeof QRCode.create>>();

/** A QR code drawn as vector squares (sharp at any zoom, no image, deterministic). */
export function qrBlock(doc: PDFKit.PDFDocument, url: string, size: number, x: number = PAGE.left): Block {
  let qr = qrCodes.get(url);
  if (!qr) {
    if (qrCodes.size >= 16) qrCodes.clear();
    qrCodes.set(url, (qr = QRCode.create(url, { errorCorrectionLevel: 'M' })));
  }
  const n = qr.modules.size;
  const quiet = 4;
  const module = size / (n + 2 * quiet);
  return {
    height: size,
    spaceBefore: 12,
    draw(y) {
      doc.save();
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(x + (c + quiet) * module, y + (r + quiet) * module, module, module);
      }
      doc.fill('#000');
      doc.restore();
    },
  };
}

/** The footer's grey (#555) as pdfkit's fillColor writes it. */
const FOOTER_COLOR = `/DeviceRGB cs\n${[0x55, 0x55, 0x55].map((c) => c / 255).join(' ')} scn\n`;

/**
 * Adds pages in order, each with a footer ("page x of y" in Chinese and
 * English, and a short label) written once the last page is drawn, when y
 * is known. A page's content is two streams (PDF 32000-1 §7.7.3.3: an
 * array of streams is read as one): what is drawn on it, flushed when the
 * next page starts, and its footer, kept open until the end. So a table is
 * read and drawn in one pass, without a first pass over every row only to
 * count the pages (which kept small countries' rows in memory and read large
 * ones twice); memory keeps one small object per page.
 */
export class PageCounter {
  private readonly footers: PdfObject[] = [];
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly footer: (page: number, total: number) => string,
    private readonly out: Writable,
  ) {}

  /** Starts the next page; waits while the file behind is still writing, so memory stays flat. */
  async next(): Promise<void> {
    // Bounded memory when drawing outruns deflating.
    await writtenDownTo(this.doc, MAX_WAITING);
    if (this.out.writableNeedDrain) await once(this.out, 'drain');
    this.doc.addPage();
    const pdf = this.doc as unknown as PdfInternals & { ref(): PdfObject; page: { content: PdfObject; dictionary: { data: { Contents: unknown } } } };
    const footer = pdf.ref();
    pdf.page.dictionary.data.Contents = [pdf.page.content, footer];
    // The footer's font goes into the page's resources now: they are written when the page is flushed.
    this.doc.font(FOOTER_FONT);
    useFontOnPage(pdf);
    this.footers.push(footer);
  }

  /** Writes every page's footer, now that the number of pages is known, and ends the document once all is written. */
  async end(): Promise<void> {
    const total = this.footers.length;
    for (const [i, stream] of this.footers.entries()) {
      const content: PendingContent = { text: `q\n${FOOTER_COLOR}`, open: false, fontId: '', fontSize: 0 };
      appendLine(this.doc, content, fonts(this.doc), FOOTER_FONT, FOOTER_SIZE, this.footer(i + 1, total), PAGE.left, PAGE.height - 40);
      closeText(content);
      stream.write(Buffer.from(`${content.text}Q\n`, 'latin1'));
      stream.end();
    }
    this.footers.length = 0;
    await endDocument(this.doc);
  }
}
