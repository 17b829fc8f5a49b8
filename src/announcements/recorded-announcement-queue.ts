import type { Announcement, AnnouncementQueue } from '../core/ports.ts';

/** The stand-in queue, plus what it has been given (for tests and the future delivery worker). */
export interface RecordedAnnouncementQueue extends AnnouncementQueue {
  readonly recorded: readonly Announcement[];
}

/**
 * Keeps announcements in memory and sends NOTHING: the durable delivery queue
 * (at-most-once / at-least-once across instances) is a later issue. It answers
 * `recordedOnly: true` so staff are told plainly that nothing went out.
 */
export function createRecordedAnnouncementQueue(): RecordedAnnouncementQueue {
  const recorded: Announcement[] = [];
  return {
    recorded,
    async enqueue(announcement) {
      if (!recorded.some((a) => a.id === announcement.id)) recorded.push(announcement);
      return { recipients: 0, recordedOnly: true };
    },
  };
}
