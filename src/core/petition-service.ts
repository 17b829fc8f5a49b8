import { resolveCountry } from './country.ts';
import { countdown, localDate, type CampaignWindow, type Countdown } from './countdown.ts';
import { DomainError } from './errors.ts';
import type { Locale } from './locale.ts';
import type { Clock, NameStyle, SignatureRecord, SignatureStore, SignatureTotals } from './ports/index.ts';
import { checkReferral } from './referral.ts';
import { checkSignerName, initialsOf } from './signer-name.ts';
import { leafOf, receiptDigest, type ReceiptKeyer } from './receipt.ts';
import type { SignerKeyer, SignerRef } from './signer-key.ts';
import type { SigningReview, SigningSignals } from './signing-review.ts';

export interface PetitionCampaign extends CampaignWindow {
  id: string;
  goal: number;
}

/** How the signer wants to appear; the raw name is never kept when they pick initials. */
export type NameChoice = { style: 'full' | 'initials'; name: string } | { style: 'anonymous' };

export interface SignInput {
  name: NameChoice;
  /** A country code or a name in en/ko/zh, as typed. */
  country: string;
  language: Locale;
  referral?: string | null;
  /** What the platform knows about the signing (community, account age) for the review rules; never stored. */
  signals?: SigningSignals;
}

export type SignOutcome =
  /** `signature.state` is `held` when a review rule held it: it is not in `total` until staff approve it. */
  | { status: 'signed'; signature: SignatureRecord; total: number; /** The signer's receipt code (see receipt.ts). */ receipt: string }
  | { status: 'already-signed'; signature: SignatureRecord; receipt: string }
  | { status: 'closed'; finalTotal: number; nations: number }
  | { status: 'not-open'; opensAt: Date };

/**
 * What a signing's outcome depends on that can be read before its answers
 * are known (see `PetitionService.signingFacts`).
 */
export interface SigningFacts {
  /** The signer's signature, if they signed already. */
  existing: SignatureRecord | null;
  /** Valid signatures when read, before this signer's. */
  totalBefore: number;
}

export type WithdrawOutcome = { status: 'withdrawn'; total: number } | { status: 'not-signed' };

/** Totals and where they stand against the goal. */
export interface PetitionSummary extends SignatureTotals {
  nations: number;
  goal: number;
  /** Share of the goal reached, 0..1 and beyond. */
  progress: number;
}

export interface PetitionStats extends PetitionSummary {
  perDay: Array<{ day: string; count: number }>;
}

/** A display name that passed every check, and the style it is shown in. */
export interface CheckedName {
  displayName: string | null;
  nameStyle: NameStyle;
}

/**
 * Signing, withdrawing and counting for one campaign. Platform-free: callers
 * pass who is acting as a `SignerRef` and get typed outcomes back; refusals
 * are `DomainError`s with codes that map to translations. With a
 * `SigningReview`, each new signature is checked by the review rules and may
 * be stored as held; without one every signature is valid.
 */
export class PetitionService {
  constructor(
    private readonly campaign: PetitionCampaign,
    private readonly signatures: SignatureStore,
    private readonly keyOf: SignerKeyer,
    private readonly clock: Clock,
    private readonly receiptOfKey: ReceiptKeyer,
    /** The rules that hold a signature for review; null where none apply (tools, some tests). */
    private readonly review: SigningReview | null,
  ) {}

  /**
   * Validates everything first and writes only when all of it is good.
   * Given `facts` read earlier in the same unit of work, the outcome is told
   * from them and the store may send the row with the unit's COMMIT; it
   * checks the guess, so what the signer is told is what was stored.
   *
   * @example await petition.sign({ platform: 'telegram', userId: '42' }, { name: { style: 'anonymous' }, country: 'KR', language: 'ko' })
   */
  async sign(who: SignerRef, input: SignInput, facts?: SigningFacts): Promise<SignOutcome> {
    const name = checkNameChoice(input.name);
    const country = checkCountry(input.country);
    const referral = checkReferral(input.referral);

    const now = this.clock();
    const refusal = await this.notOpen(now);
    if (refusal) return refusal;

    const verdict = this.review
      ? await this.review.assess({ ...name, country, platform: who.platform, referral, signals: input.signals, at: now })
      : { heldRule: null, nameKey: null, holdIfSameName: null };
    const row = { ...name, country, language: input.language, platform: who.platform, referral, signedAt: now };
    const signerKey = this.keyOf(who);
    const receipt = this.receiptOfKey(signerKey);
    const digest = receiptDigest(receipt);
    const signedOn = localDate(now, this.campaign.timeZone);
    if (facts?.existing) return { status: 'already-signed', signature: facts.existing, receipt };
    // The guess: a new row, held only by a rule decided already (the same-name rule, which only the
    // insert can check, rarely holds one; when it does, the store finds the guess wrong).
    const state = verdict.heldRule ? 'held' : 'valid';
    const guess = facts ? ({ state, total: facts.totalBefore + (state === 'valid' ? 1 : 0) } as const) : undefined;
    const signature = {
      ...row,
      signedOn,
      heldRule: verdict.heldRule,
      nameKey: verdict.nameKey,
      holdIfSameName: verdict.holdIfSameName,
      receiptDigest: digest,
      leaf: leafOf(this.campaign.id, digest, country, signedOn),
    };
    const result = await this.signatures.insert(this.campaign.id, signerKey, signature, guess);
    if (!result.inserted) return { status: 'already-signed', signature: result.existing, receipt };
    return { status: 'signed', signature: { ...row, state: result.state }, total: result.total, receipt };
  }

  /**
   * Why signing is refused right now (not open yet, or closed with its final
   * total), or null while it is open. Lets a dialogue say so before asking anything.
   */
  async notOpen(now: Date = this.clock()): Promise<Extract<SignOutcome, { status: 'closed' | 'not-open' }> | null> {
    if (now < this.campaign.opensAt) return { status: 'not-open', opensAt: this.campaign.opensAt };
    if (now < this.campaign.closesAt) return null;
    const totals = await this.signatures.totals(this.campaign.id);
    return { status: 'closed', finalTotal: totals.total, nations: nationsIn(totals) };
  }

  /**
   * Whether `who` signed already, and the total before them: read before a
   * signing step's own answers are known (with the step's other reads), then
   * passed to `sign`.
   */
  async signingFacts(who: SignerRef): Promise<SigningFacts> {
    const [existing, totals] = await Promise.all([this.signatureOf(who), this.signatures.totals(this.campaign.id)]);
    return { existing, totalBefore: totals.total };
  }

  /** Deletes the signer's signature at once; counts follow. */
  async withdraw(who: SignerRef): Promise<WithdrawOutcome> {
    const deleted = await this.signatures.delete(this.campaign.id, this.keyOf(who));
    if (!deleted) return { status: 'not-signed' };
    const { total } = await this.signatures.totals(this.campaign.id);
    return { status: 'withdrawn', total };
  }

  /** The signer's own row, exactly as stored (with its review state), or null. A held signature is still "already signed". */
  signatureOf(who: SignerRef): Promise<SignatureRecord | null> {
    return this.signatures.find(this.campaign.id, this.keyOf(who));
  }

  /**
   * The signer's receipt code, or null when they have not signed. Derived
   * from the server secret, so it is the same every time and stored nowhere.
   *
   * @example await petition.receiptOf({ platform: 'telegram', userId: '42' }) // '7K2M-Q9XD-4RTB-W1HZ'
   */
  async receiptOf(who: SignerRef): Promise<string | null> {
    const signerKey = this.keyOf(who);
    return (await this.signatures.find(this.campaign.id, signerKey)) ? this.receiptOfKey(signerKey) : null;
  }

  /** Totals, nations and goal progress: what a chat reply shows, in one query. */
  async summary(): Promise<PetitionSummary> {
    const totals = await this.signatures.totals(this.campaign.id);
    return { ...totals, nations: nationsIn(totals), goal: this.campaign.goal, progress: totals.total / this.campaign.goal };
  }

  /** The summary plus signatures per day, for dashboards and open data. */
  async stats(): Promise<PetitionStats> {
    const [summary, perDay] = await Promise.all([this.summary(), this.signatures.perDay(this.campaign.id)]);
    return { ...summary, perDay };
  }

  countdown(now: Date = this.clock()): Countdown {
    return countdown(this.campaign, now);
  }
}

/** Checks a name choice without writing anything; throws the matching `name.*` error. */
export function checkNameChoice(choice: NameChoice): CheckedName {
  if (choice.style === 'anonymous') return { displayName: null, nameStyle: 'anonymous' };
  const checked = checkSignerName(choice.name);
  if (!checked.ok) throw new DomainError(`name.${checked.problem}`);
  return {
    displayName: choice.style === 'initials' ? initialsOf(checked.name) : checked.name,
    nameStyle: choice.style,
  };
}

/** Resolves a typed country to its ISO code; throws `country.unknown` with suggestions. */
export function checkCountry(input: string): string {
  const match = resolveCountry(input);
  if (match.ok) return match.code;
  throw new DomainError('country.unknown', { suggestions: match.suggestions });
}

function nationsIn(totals: SignatureTotals): number {
  return Object.values(totals.byCountry).filter((n) => n > 0).length;
}
