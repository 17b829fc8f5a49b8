import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { Translate } from './translate.ts';
import { countryName } from './country.ts';
import type { Locale } from './locale.ts';
import type { AuditLog, Clock, SignatureExport } from './ports/index.ts';

/** What an export wrote, counted from exactly the rows in the file. */
export interface ExportTotals {
  rows: number;
  byCountry: Record<string, number>;
}

/** The delivery file as a stream, and its totals once the stream has ended. */
export interface SignatureExportFile {
  /** CSV bytes, produced as they are read (back-pressure reaches the database reads). */
  csv: Readable;
  /** Resolves when the last row has been written; rejects when reading failed. */
  done: Promise<ExportTotals>;
}

/**
 * The delivery file for the petition: names as signers chose to show them,
 * country and date; never platform, referral or signer key. Streams, so a
 * million signatures never sit in memory at once.
 */
export class ExportService {
  constructor(
    private readonly campaignId: string,
    private readonly source: SignatureExport,
    private readonly t: Translate,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Starts an export and records who asked for it.
   *
   * @example const { csv, done } = await exports.signatures('en', 'slack:U1'); csv.pipe(file); const { rows } = await done;
   */
  async signatures(locale: Locale, actor: string): Promise<SignatureExportFile> {
    await this.audit.record({ actor, action: 'export', detail: { campaign: this.campaignId }, at: this.clock() });
    const anonymous = this.t(locale, 'export.anonymous');
    const totals: ExportTotals = { rows: 0, byCountry: {} };
    let finish!: (totals: ExportTotals) => void;
    let fail!: (error: unknown) => void;
    const done = new Promise<ExportTotals>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    // Callers that only read the stream see the error there; this keeps it from being unhandled too.
    done.catch(() => {});

    const source = this.source;
    const campaignId = this.campaignId;
    async function* records() {
      for await (const row of source.rows(campaignId)) {
        totals.rows += 1;
        totals.byCountry[row.country] = (totals.byCountry[row.country] ?? 0) + 1;
        yield [cell(row.displayName ?? anonymous), countryName(row.country, locale), row.country, row.signedOn];
      }
    }
    const csv = stringify({ header: true, columns: this.columns(locale, ['name', 'country', 'country-code', 'signed-on']) });
    const rows = Readable.from(records());
    rows.on('error', (error) => {
      fail(error);
      csv.destroy(error);
    });
    rows.on('end', () => {
      // What was handed over is a staff action of its own: counts only, never names. The
      // export is done once that is recorded (a failed record does not undo the file).
      const nations = Object.keys(totals.byCountry).length;
      void this.audit
        .record({ actor, action: 'export.completed', detail: { rows: totals.rows, nations }, at: this.clock() })
        .catch(() => {})
        .then(() => finish(totals));
    });
    rows.pipe(csv);
    return { csv, done };
  }

  /**
   * Signatures per country, most first, with a total line.
   *
   * @example exports.summaryCsv('en', { KR: 2, US: 1 }) // "Country,Code,Signatures\nSouth Korea,KR,2\n..."
   */
  summaryCsv(locale: Locale, byCountry: Record<string, number>): string {
    const entries = Object.entries(byCountry).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
    const total = entries.reduce((sum, [, n]) => sum + n, 0);
    return stringifySync(
      [...entries.map(([code, n]) => [countryName(code, locale), code, n]), [this.t(locale, 'export.total'), '', total]],
      { header: true, columns: this.columns(locale, ['country', 'country-code', 'signatures']) },
    );
  }

  /** A file name that says what and when, e.g. `signatures-2026-12-11.csv`. */
  fileName(kind: 'signatures' | 'countries'): string {
    return `${this.campaignId}-${kind}-${this.clock().toISOString().slice(0, 10)}.csv`;
  }

  private columns(locale: Locale, keys: string[]) {
    return keys.map((key) => ({ key, header: this.t(locale, `export.column.${key}`) }));
  }
}

/** Spreadsheets run cells that start with = + - @ as formulas; a leading quote keeps them text. */
function cell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
