/** Signatures: one row per signer per campaign, in one table. */
import type { Locale } from '../locale.ts';

export type NameStyle = 'full' | 'initials' | 'anonymous';

/** What a signature row holds: only what the petition needs. */
export interface SignatureRecord {
  displayName: string | null;
  nameStyle: NameStyle;
  country: string;
  language: Locale;
  platform: string;
  referral: string | null;
  signedAt: Date;
}

export interface NewSignature extends SignatureRecord {
  /** Calendar date of signing in the campaign's time zone (YYYY-MM-DD). */
  signedOn: string;
}

export interface SignatureTotals {
  total: number;
  byCountry: Record<string, number>;
  byPlatform: Record<string, number>;
}

export interface SignatureStore {
  /**
   * Inserts unless this signer already signed this campaign (the database
   * decides, so concurrent calls make one row). A new row comes back with the
   * campaign's total including it, read in the same round trip.
   *
   * @example await store.insert('c', key, sig) // { inserted: true, total: 1234 }
   */
  insert(
    campaignId: string,
    signerKey: string,
    signature: NewSignature,
  ): Promise<{ inserted: true; total: number } | { inserted: false; existing: SignatureRecord }>;
  /**
   * The signer's row, or null.
   *
   * @example await store.find('c', key) // { displayName: 'Kim', country: 'KR', … }
   */
  find(campaignId: string, signerKey: string): Promise<SignatureRecord | null>;
  /**
   * Deletes the signer's row; false when there was none.
   *
   * @example await store.delete('c', key) // true
   */
  delete(campaignId: string, signerKey: string): Promise<boolean>;
  /**
   * Total, by country and by platform, from the running tallies.
   *
   * @example (await store.totals('c')).byCountry.KR // 1204
   */
  totals(campaignId: string): Promise<SignatureTotals>;
  /**
   * Signatures per calendar day (campaign time zone), oldest first.
   *
   * @example await store.perDay('c') // [{ day: '2026-09-01', count: 12 }, …]
   */
  perDay(campaignId: string): Promise<Array<{ day: string; count: number }>>;
  /**
   * Turns every signature of the campaign anonymous (counts unchanged); returns how many had a name.
   *
   * @example await store.eraseNames('c') // 8123
   */
  eraseNames(campaignId: string): Promise<number>;
}

/** One signature as it goes into the delivery file: no platform, referral or signer key. */
export interface SignatureExportRow {
  /** Null when the signer chose to be anonymous. */
  displayName: string | null;
  country: string;
  /** Calendar date of signing in the campaign's time zone (YYYY-MM-DD). */
  signedOn: string;
}

/**
 * Reads every signature of a campaign in signing order, a batch at a time,
 * so a million rows never sit in memory together.
 *
 * @example for await (const row of signatureExport.rows('c')) csv.write(row)
 */
export interface SignatureExport {
  rows(campaignId: string): AsyncIterable<SignatureExportRow>;
}
