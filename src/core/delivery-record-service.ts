import { DELIVERY_STATUSES, type DeliveryRecord, type DeliveryRecordStore, type DeliveryRelay, type DeliveryStatus, type DeliveryTarget } from './ports/index.ts';
import { DomainError } from './errors.ts';
import { checkCountry } from './petition-service.ts';
import type { AuditLog, Clock } from './ports/index.ts';
import { plainText, webLink } from './staff-text.ts';

export const MAX_DELIVERY_NOTE = 500;

/** The latest news from one embassy, as published in open data. */
export interface EmbassyDelivery {
  country: string;
  status: DeliveryStatus;
  at: Date;
  online: number;
  paper: number;
  /** online + paper: what was carried there. */
  count: number;
}

export interface RecordDeliveryInput {
  country: string;
  status: string;
  note?: string | null;
  photoUrl?: string | null;
}

/**
 * What happened at each embassy: staff record it, it is audited, published
 * per country, and relayed to the supporters who signed from that country.
 */
export class DeliveryRecordService {
  constructor(
    private readonly campaign: { id: string; timeZone: string },
    private readonly records: DeliveryRecordStore,
    private readonly relay: DeliveryRelay,
    /** Online signatures of a country in the pack carried there (the latest snapshot), and paper ones. */
    private readonly countsFor: (country: string) => Promise<{ online: number; paper: number }>,
    private readonly targets: () => Promise<Record<string, DeliveryTarget>>,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Checks everything first (`country.unknown`, `delivery.status-unknown`,
   * `delivery.note-invalid`, `delivery.photo-invalid`), then records, audits
   * and queues the relay.
   *
   * @example await deliveries.record({ country: 'KR', status: 'accepted', note: 'Received by a consular officer' }, 'slack:U1') // { record, recipients: 812 }
   */
  async record(input: RecordDeliveryInput, actor: string): Promise<{ record: DeliveryRecord; recipients: number }> {
    const country = checkCountry(input.country);
    const status = input.status.trim().toLowerCase();
    if (!(DELIVERY_STATUSES as readonly string[]).includes(status)) throw new DomainError('delivery.status-unknown', { statuses: DELIVERY_STATUSES.join(', ') });
    const note = input.note ? plainText(input.note, MAX_DELIVERY_NOTE) : '';
    if (note === null) throw new DomainError('delivery.note-invalid', { max: MAX_DELIVERY_NOTE });
    const photoUrl = input.photoUrl ? webLink(input.photoUrl) : null;
    if (input.photoUrl && !photoUrl) throw new DomainError('delivery.photo-invalid');

    const at = this.clock();
    const { online, paper } = await this.countsFor(country);
    const record = await this.records.add(this.campaign.id, {
      country,
      status: status as DeliveryStatus,
      note: note || null,
      photoUrl,
      online,
      paper,
      recordedAt: at,
      recordedBy: actor,
    });
    await this.audit.record({ actor, action: 'delivery.record', detail: { record: record.id, country, status, online, paper }, at });
    const target = (await this.targets())[country];
    const { recipients } = await this.relay.relay(record, { defaultZone: target?.timeZone ?? this.campaign.timeZone });
    return { record, recipients };
  }

  /**
   * Every record, oldest first (for the Slack dashboard).
   *
   * @example await deliveries.all()
   */
  all(): Promise<DeliveryRecord[]> {
    return this.records.all(this.campaign.id);
  }

  /**
   * The latest record per country, by country code: what open data publishes.
   *
   * @example await deliveries.byCountry() // [{ country: 'KR', status: 'accepted', at, online: 1204, paper: 80, count: 1284 }]
   */
  async byCountry(): Promise<EmbassyDelivery[]> {
    const latest = new Map<string, DeliveryRecord>();
    for (const record of await this.all()) latest.set(record.country, record);
    return [...latest.values()]
      .sort((a, b) => a.country.localeCompare(b.country))
      .map((r) => ({ country: r.country, status: r.status, at: r.recordedAt, online: r.online, paper: r.paper, count: r.online + r.paper }));
  }

  /**
   * At how many embassies the petition was accepted (countries with at least one `accepted` record).
   *
   * @example await deliveries.embassiesDelivered() // 12
   */
  async embassiesDelivered(): Promise<number> {
    return new Set((await this.all()).filter((r) => r.status === 'accepted').map((r) => r.country)).size;
  }
}
