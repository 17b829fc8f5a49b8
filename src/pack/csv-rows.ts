/**
 * A country's CSV (RFC 4180, `\n` between records, as csv-stringify writes
 * it by default), a thousand rows to a write. Written here rather than with
 * csv-stringify, which the rest of the app uses: its generic per-field path
 * (casting, per-field option objects, tuples) allocated about 2 KB a row,
 * 220 MB for a pack of 100,000 signatures, and took six times as long as
 * this for the same bytes. The quoting rule is all a pack needs; the tests
 * check it against csv-stringify on hostile values.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Rows per write: the rows are written a chunk at a time. */
const CHUNK_ROWS = 1_000;
/** A field with one of these is quoted, its quotes doubled. */
const NEEDS_QUOTES = /[",\r\n]/;
const QUOTES = /"/g;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(QUOTES, '""')}"` : value;
}

export class CsvRows {
  private chunk: string;
  private rows = 0;

  /** The header goes first, even when no row follows. */
  constructor(
    private readonly out: Writable,
    headers: readonly string[],
  ) {
    this.chunk = `${headers.map(csvField).join(',')}\n`;
  }

  /** A promise when a chunk was written (wait for it: the file may be full), else null. */
  add(fields: readonly string[]): Promise<void> | null {
    let line = csvField(fields[0] ?? '');
    for (let i = 1; i < fields.length; i++) line += `,${csvField(fields[i]!)}`;
    this.chunk += `${line}\n`;
    this.rows += 1;
    return this.rows >= CHUNK_ROWS ? this.flush() : null;
  }

  async end(): Promise<void> {
    await this.flush();
    this.out.end();
  }

  private async flush(): Promise<void> {
    if (this.chunk === '') return;
    const chunk = this.chunk;
    this.chunk = '';
    this.rows = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}
