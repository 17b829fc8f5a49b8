import type { Renderer } from '../../src/chat/index.ts';
import { DomainError, type CampaignCore, type Clock, type Locale, type Logger, type PackArchiveWriter } from '../../src/core/index.ts';
import type { StaffAccess } from './staff-access.ts';
import type { StaffLocales } from './staff-locale.ts';

/** What every staff-console handler needs. */
export interface ConsoleContext {
  core: CampaignCore;
  /** The chat layer's wording of counts and countdowns, so staff read what supporters read. */
  render: Renderer;
  access: StaffAccess;
  locales: StaffLocales;
  logger: Logger;
  /** The app's clock: dashboards and audit entries read the time from it. */
  clock: Clock;
  botToken: string;
  apiUrl: string;
  /** Writes the delivery pack as one ZIP; null where the entry point gave none. */
  buildPack: PackBuilder | null;
  /**
   * Runs slow work after the ack and reports failure to the staff member via
   * `tell`; never rejects, so nothing goes unhandled.
   */
  afterAck(what: string, locale: Locale, tell: (text: string) => Promise<unknown>, work: () => Promise<void>): Promise<void>;
}

/** The pack writer the entry point hands in (the adapter may not import src/pack). */
export type PackBuilder = PackArchiveWriter;

/** Who did it, as recorded in the audit log and THE LIST's `updated_by`. */
export const actorOf = (userId: string) => `slack:${userId}`;

export function createAfterAck(core: CampaignCore, logger: Logger): ConsoleContext['afterAck'] {
  return async (what, locale, tell, work) => {
    try {
      await work();
    } catch (error) {
      // One error seam: log what failed (never payloads or names), apologize, keep running.
      logger.error({ err: error }, `slack ${what} failed`);
      const text = error instanceof DomainError ? core.t(locale, `errors:${error.code}`, error.params) : core.t(locale, 'slack.error');
      await tell(text).catch(() => {});
    }
  };
}
