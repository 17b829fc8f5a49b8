/** Signatures: one row per signer per campaign, in one table. */
import type { Locale } from '../locale.ts';

export type NameStyle = 'full' | 'initials' | 'anonymous';

/**
 * `valid` signatures are counted, exported and delivered; `held` ones wait
 * for staff review; `invalid` ones were set aside by staff. Review changes
 * the state and never deletes the row.
 */
export type SignatureState = 'valid' | 'held' | 'invalid';

/** What a signature row holds: only what the petition needs. */
export interface SignatureRecord {
  displayName: string | null;
  nameStyle: NameStyle;
  country: string;
  language: Locale;
  platform: string;
  referral: string | null;
  signedAt: Date;
  state: SignatureState;
}

export interface NewSignature extends Omit<SignatureRecord, 'state'> {
  /** Calendar date of signing in the campaign's time zone (YYYY-MM-DD). */
  signedOn: string;
  /** The review rule that holds it; absent or null means valid (unless `holdIfSameName` applies). */
  heldRule?: string | null;
  /** Keyed hash of the normalized full name, for the same-name rule; null unless shown in full. */
  nameKey?: string | null;
  /**
   * Hold it under `rule` when a signature with the same name key and country
   * came from another platform at or after `since`. Storage checks this in the
   * same statement as the insert (an indexed lookup), so the rule costs no
   * extra round trip.
   */
  holdIfSameName?: { rule: string; since: Date } | null;
  /** SHA-256 of the signer's receipt code (receipt.ts), kept so a freeze makes leaves without the server secret. */
  receiptDigest?: Buffer | null;
  /** The signature's leaf of format LEAF_FORMAT_VERSION (receipt.ts) from that digest, kept so a freeze copies it instead of hashing every row. */
  leaf?: Buffer | null;
}

export type InsertOutcome = { inserted: true; total: number; state: SignatureState } | { inserted: false; existing: SignatureRecord };

/** The outcome an insert is expected to have: a new row in `state`, with `total` valid signatures then. */
export interface InsertGuess {
  state: 'valid' | 'held';
  total: number;
}

export interface SignatureTotals {
  total: number;
  byCountry: Record<string, number>;
  byPlatform: Record<string, number>;
}

export interface SignatureStore {
  /**
   * Inserts unless this signer already signed this campaign (the database
   * decides, so concurrent calls make one row). A new row comes back with its
   * state and the campaign's total of valid signatures, including it when it
   * is valid, read in the same round trip.
   *
   * @example await store.insert('c', key, sig) // { inserted: true, state: 'valid', total: 1234 }
   */
  insert(campaignId: string, signerKey: string, signature: NewSignature, guess?: InsertGuess): Promise<InsertOutcome>;
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
   * Total, by country and by platform, of valid signatures, from the running tallies.
   *
   * @example (await store.totals('c')).byCountry.KR // 1204
   */
  totals(campaignId: string): Promise<SignatureTotals>;
  /**
   * Valid signatures per calendar day (campaign time zone), oldest first.
   *
   * @example await store.perDay('c') // [{ day: '2026-09-01', count: 12 }, …]
   */
  perDay(campaignId: string): Promise<Array<{ day: string; count: number }>>;
  /**
   * Turns every signature of the campaign anonymous (counts and states unchanged); returns how many had a name.
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
 * Reads every valid signature of a campaign in signing order, a batch at a
 * time, so a million rows never sit in memory together. Held and invalid
 * signatures are never exported.
 *
 * @example for await (const row of signatureExport.rows('c')) csv.write(row)
 */
export interface SignatureExport {
  rows(campaignId: string): AsyncIterable<SignatureExportRow>;
}
