import type { PaperBatch, PaperSignatureStore } from './ports/index.ts';
import { DomainError } from './errors.ts';
import { checkCountry } from './petition-service.ts';
import type { AuditLog, Clock } from './ports/index.ts';
import { plainText } from './staff-text.ts';

export const MAX_PAPER_BATCH = 1_000_000;
export const MAX_EVENT_LABEL = 200;

/**
 * Paper signatures collected at vigils and events. They are counted apart
 * from the online ones ("online + on paper"), never enter the Merkle tree
 * (there is no receipt for a sheet of paper), and a batch entered by mistake
 * is reversed, not deleted, so the record of what was counted stays.
 */
export class PaperSignatureService {
  constructor(
    private readonly campaignId: string,
    private readonly store: PaperSignatureStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Throws `country.unknown`, `paper.count-invalid` or `paper.event-invalid`; writes nothing then.
   *
   * @example await paper.add('KR', 120, 'Candlelight vigil, Seoul', 'slack:U1') // { id: 4, country: 'KR', count: 120, … }
   */
  async add(countryInput: string, count: number, eventInput: string, actor: string): Promise<PaperBatch> {
    const country = checkCountry(countryInput);
    if (!Number.isSafeInteger(count) || count < 1 || count > MAX_PAPER_BATCH) throw new DomainError('paper.count-invalid', { max: MAX_PAPER_BATCH });
    const event = plainText(eventInput, MAX_EVENT_LABEL);
    if (!event) throw new DomainError('paper.event-invalid', { max: MAX_EVENT_LABEL });
    const at = this.clock();
    const batch = await this.store.add(this.campaignId, { country, count, event, addedAt: at, addedBy: actor });
    await this.audit.record({ actor, action: 'paper.add', detail: { batch: batch.id, country, count }, at });
    return batch;
  }

  /**
   * Stops a batch from counting; `paper.not-found` when there is none. Reversing twice changes nothing.
   *
   * @example await paper.reverse(4, 'slack:U1') // { id: 4, reversedAt: … }
   */
  async reverse(id: number, actor: string): Promise<PaperBatch> {
    if (!Number.isSafeInteger(id) || id < 1) throw new DomainError('paper.not-found', { id: String(id) });
    const at = this.clock();
    const batch = await this.store.reverse(this.campaignId, id, at);
    if (!batch) throw new DomainError('paper.not-found', { id: String(id) });
    await this.audit.record({ actor, action: 'paper.reverse', detail: { batch: id, country: batch.country, count: batch.count }, at });
    return batch;
  }

  /**
   * Counted paper signatures per country.
   *
   * @example await paper.totals() // { KR: 120 }
   */
  totals(): Promise<Record<string, number>> {
    return this.store.totals(this.campaignId);
  }

  /** Every batch, newest first (for the Slack console). */
  batches(): Promise<PaperBatch[]> {
    return this.store.batches(this.campaignId);
  }
}
