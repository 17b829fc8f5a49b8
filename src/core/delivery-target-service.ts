import { DateTime } from 'luxon';
import type { DeliveryTarget, DeliveryTargetStore } from './ports/index.ts';
import { DomainError } from './errors.ts';
import { checkCountry } from './petition-service.ts';
import type { AuditLog, Clock } from './ports/index.ts';
import { plainText } from './staff-text.ts';

const MAX_TARGET_TEXT = 300;

/** A target as staff or the campaign file give it: any field may be missing. */
export type DeliveryTargetInput = Partial<Record<keyof DeliveryTarget, string | null>>;

/**
 * Where each country's pack goes: the campaign file may list targets, and
 * staff override them (from Slack). Countries with neither get the generic
 * addressee on the cover letter.
 */
export class DeliveryTargetService {
  constructor(
    private readonly campaignId: string,
    private readonly fromFile: Readonly<Record<string, DeliveryTarget>>,
    private readonly store: DeliveryTargetStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * The file's targets with staff overrides on top.
   *
   * @example await targets.all() // { KR: { embassy: 'Embassy of …', visitAt: '2026-12-10T11:00', … } }
   */
  async all(): Promise<Record<string, DeliveryTarget>> {
    return { ...this.fromFile, ...(await this.store.all(this.campaignId)) };
  }

  /**
   * Every country's target, in country order, saying where it comes from
   * (staff's setting wins over the campaign file), so staff can check them
   * before the day.
   *
   * @example await targets.list() // [{ country: 'KR', target: { embassy: '…' }, source: 'staff' }]
   */
  async list(): Promise<Array<{ country: string; target: DeliveryTarget; source: 'campaign-file' | 'staff' }>> {
    const set = await this.store.all(this.campaignId);
    const countries = [...new Set([...Object.keys(this.fromFile), ...Object.keys(set)])].sort();
    return countries.map((country) =>
      set[country] ? { country, target: set[country]!, source: 'staff' as const } : { country, target: this.fromFile[country]!, source: 'campaign-file' as const },
    );
  }

  /**
   * Sets (replaces) a country's target after checking every field; throws `target.invalid` naming the field.
   *
   * @example await targets.set('KR', { embassy: 'Embassy of the PRC in the Republic of Korea', visitAt: '2026-12-10T11:00', timeZone: 'Asia/Seoul' }, 'slack:U1')
   */
  async set(countryInput: string, input: DeliveryTargetInput, actor: string): Promise<{ country: string; target: DeliveryTarget }> {
    const country = checkCountry(countryInput);
    const target = checkDeliveryTarget(input);
    await this.store.set(this.campaignId, country, target, actor);
    await this.audit.record({ actor, action: 'delivery.target.set', detail: { country }, at: this.clock() });
    return { country, target };
  }

  /**
   * Removes a staff override; the campaign file's target (if any) applies again.
   *
   * @example await targets.remove('KR', 'slack:U1') // true
   */
  async remove(countryInput: string, actor: string): Promise<boolean> {
    const country = checkCountry(countryInput);
    const removed = await this.store.remove(this.campaignId, country);
    if (removed) await this.audit.record({ actor, action: 'delivery.target.remove', detail: { country }, at: this.clock() });
    return removed;
  }
}

/**
 * Checks a target's fields: plain one-line texts, a local date-time and an IANA zone.
 *
 * @example checkDeliveryTarget({ embassy: 'Embassy of …', timeZone: 'Asia/Seoul' })
 */
export function checkDeliveryTarget(input: DeliveryTargetInput): DeliveryTarget {
  const text = (field: keyof DeliveryTarget): string | null => {
    const raw = input[field];
    if (raw === undefined || raw === null) return null;
    const checked = plainText(raw, MAX_TARGET_TEXT);
    if (checked === null) throw new DomainError('target.invalid', { field, max: MAX_TARGET_TEXT });
    return checked || null;
  };
  const target: DeliveryTarget = {
    embassy: text('embassy'),
    embassyZh: text('embassyZh'),
    address: text('address'),
    organisation: text('organisation'),
    visitAt: text('visitAt'),
    timeZone: text('timeZone'),
  };
  if (target.visitAt !== null && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(target.visitAt) || !DateTime.fromISO(target.visitAt).isValid)) {
    throw new DomainError('target.invalid', { field: 'visitAt', max: MAX_TARGET_TEXT });
  }
  if (target.timeZone !== null && !DateTime.local().setZone(target.timeZone).isValid) {
    throw new DomainError('target.invalid', { field: 'timeZone', max: MAX_TARGET_TEXT });
  }
  return target;
}
