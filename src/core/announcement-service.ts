import { randomUUID } from 'node:crypto';
import { DomainError } from './errors.ts';
import { CONTENT_LOCALES, LOCALES, type Locale, type LocalizedContent } from './locale.ts';
import type { AnnouncementQueue, AuditLog, Clock } from './ports/index.ts';

/** Long enough for a real announcement, short enough for one Telegram message. */
export const MAX_ANNOUNCEMENT_LENGTH = 3_000;

/**
 * Checks a staff announcement (one text per language) and hands it to the
 * delivery queue, recording who sent it.
 */
export class AnnouncementService {
  constructor(
    private readonly queue: AnnouncementQueue,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Trims and checks every text; throws `announcement.empty` or `announcement.too-long` naming the language.
   *
   * @example announcements.check({ en: 'Hi', ko: '안녕하세요', zh: '你好' })
   */
  check(texts: Partial<Record<Locale, string | null | undefined>>): LocalizedContent {
    const checked = {} as LocalizedContent;
    for (const locale of LOCALES) {
      const text = (texts[locale] ?? '').trim();
      // en, ko and zh are required; a later language left empty reads its fallback (zh-Hant -> zh, es -> en).
      if (!text && !(CONTENT_LOCALES as readonly string[]).includes(locale)) continue;
      if (!text) throw new DomainError('announcement.empty', { language: locale });
      if (text.length > MAX_ANNOUNCEMENT_LENGTH) throw new DomainError('announcement.too-long', { language: locale, max: MAX_ANNOUNCEMENT_LENGTH });
      checked[locale] = text;
    }
    return checked;
  }

  /**
   * Enqueues a checked announcement; the same id twice is delivered once.
   *
   * @example await announcements.send({ en, ko, zh }, 'slack:U1', draftId) // { id, recipients }
   */
  async send(texts: LocalizedContent, requestedBy: string, id: string = randomUUID()): Promise<{ id: string; recipients: number }> {
    const checked = this.check(texts);
    const { recipients } = await this.queue.enqueue({ id, texts: checked, requestedBy });
    await this.audit.record({ actor: requestedBy, action: 'announce', detail: { announcement: id, recipients }, at: this.clock() });
    return { id, recipients };
  }
}
