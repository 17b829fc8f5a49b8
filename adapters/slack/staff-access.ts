import type { App } from '@slack/bolt';
import type { Clock } from '../../src/core/index.ts';

type WebClient = App['client'];

export type AccessVerdict = 'ok' | 'workspace' | 'not-staff';

export interface StaffAccessOptions {
  client: WebClient;
  /** The only workspace allowed; read at check time because it may come from auth.test at start. */
  teamId: () => string | null;
  /** When set, only members of this channel are staff. */
  staffChannel: string | null;
  /** How long a membership list is trusted; short, so removing someone takes effect soon. */
  ttlMs?: number;
  clock: Clock;
}

/**
 * Decides who may use the staff console: the configured workspace and, when a
 * staff channel is configured, its members (read with conversations.members
 * and cached briefly so every click is not an API call).
 */
export function createStaffAccess(options: StaffAccessOptions) {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = () => options.clock().getTime();
  let cache: { at: number; members: Set<string> } | null = null;

  async function members(channel: string): Promise<Set<string>> {
    if (cache && now() - cache.at < ttlMs) return cache.members;
    const found = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await options.client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const id of page.members ?? []) found.add(id);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    cache = { at: now(), members: found };
    return found;
  }

  return {
    /**
     * @example await access.check('T0123', 'U0456') // 'ok' | 'workspace' | 'not-staff'
     */
    async check(teamId: string | null | undefined, userId: string | null | undefined): Promise<AccessVerdict> {
      const allowed = options.teamId();
      if (!allowed || !teamId || teamId !== allowed) return 'workspace';
      if (!userId) return 'not-staff';
      if (!options.staffChannel) return 'ok';
      return (await members(options.staffChannel)).has(userId) ? 'ok' : 'not-staff';
    },
  };
}

export type StaffAccess = ReturnType<typeof createStaffAccess>;
