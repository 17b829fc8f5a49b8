import cron, { type ScheduledTask } from 'node-cron';
import type { CampaignCore } from '../core/index.ts';
import { detectCommunityMilestones, detectMilestones, type CommunityMilestone, type CommunityTotal, type Milestone, type MilestoneSnapshot } from '../core/index.ts';
import type { Clock, DeliveryStore, NewBroadcast, SnapshotStore } from '../core/index.ts';
import type { WorkerLogger } from './delivery-worker.ts';
import { planReminders, reminderDue } from './reminder-plan.ts';

export interface SchedulerOptions {
  core: CampaignCore;
  deliveries: DeliveryStore;
  snapshots: SnapshotStore;
  logger: WorkerLogger;
  clock: Clock;
  /** node-cron expression for the check; every minute by default. */
  every?: string;
}

export interface Scheduler {
  /** One check: queue a due reminder and any new milestones. Safe on any number of instances at once. */
  tick(): Promise<void>;
  /** Checks now (catching up on anything missed while no process ran), then on the schedule. */
  start(): Promise<void>;
  /** No more ticks; resolves when a tick under way has finished (before the database closes). */
  stop(): Promise<void>;
}

/**
 * node-cron decides when to look; what is due is decided from the campaign
 * plan and the database, so a missed tick or a restart only makes a reminder
 * late, and two instances looking at once queue it once (broadcast ids are
 * idempotency keys).
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { core, deliveries, snapshots, logger, clock } = options;
  const campaign = core.campaign;
  const plan = planReminders(campaign);
  let task: ScheduledTask | null = null;
  let running: Promise<void> | null = null;

  async function queueReminder(now: Date): Promise<void> {
    const due = reminderDue(plan, now);
    if (!due) return;
    let broadcast: NewBroadcast = due.broadcast;
    if ('template' in broadcast.content && broadcast.content.template === 'reminder.closed') {
      const [stats, embassies] = await Promise.all([core.petition.summary(), core.deliveryRecords.embassiesDelivered()]);
      const params = { count: stats.total, total: stats.total, nations: stats.nations };
      // Once embassies have received the petition, the closing message says at how many.
      broadcast = {
        ...broadcast,
        content: embassies > 0 ? { template: 'pack:closing.delivered', params: { ...params, embassies } } : { template: 'reminder.closed', params },
      };
    }
    const result = await deliveries.enqueue(broadcast);
    if (result.created) logger.info({ broadcast: broadcast.id, recipients: result.recipients }, 'reminder queued');
  }

  async function queueMilestones(now: Date): Promise<void> {
    const stats = await core.petition.summary();
    const current: MilestoneSnapshot = { total: stats.total, byCountry: stats.byCountry, goal: stats.goal, countdown: core.petition.countdown(now) };
    const previous = await snapshots.swap<MilestoneSnapshot>(`milestones:${campaign.id}`, current);
    for (const milestone of detectMilestones(previous, current, campaign.atRiskCountries)) {
      const result = await deliveries.enqueue(milestoneBroadcast(campaign.id, milestone, now));
      if (result.created) logger.info({ broadcast: `milestone:${milestone.kind}`, recipients: result.recipients }, 'milestone queued');
    }
  }

  /** Each community's own milestones ("this server brought 312 signatures from 12 nations"), to its channels only. */
  async function queueCommunityMilestones(now: Date): Promise<void> {
    const current: Record<string, CommunityTotal> = {};
    for (const c of await core.referrals.communityTotals()) current[c.code] = { count: c.count, nations: c.nations };
    const previous = await snapshots.swap<Record<string, CommunityTotal>>(`community-milestones:${campaign.id}`, current);
    for (const milestone of detectCommunityMilestones(previous, current)) {
      const result = await deliveries.enqueue(communityMilestoneBroadcast(campaign.id, milestone, now));
      if (result.created) logger.info({ broadcast: 'milestone:community', step: milestone.step, recipients: result.recipients }, 'milestone queued');
    }
  }

  async function tick(): Promise<void> {
    const now = clock();
    try {
      await queueReminder(now);
      await queueMilestones(now);
      await queueCommunityMilestones(now);
    } catch (error) {
      logger.error({ err: error }, 'scheduler tick failed');
    }
  }

  return {
    tick,
    async start() {
      await tick();
      task = cron.schedule(options.every ?? '* * * * *', () => {
        // A slow tick is not overlapped by the next one.
        running ??= tick().finally(() => (running = null));
      });
    },
    async stop() {
      await task?.stop();
      task = null;
      await running;
    },
  };
}

/** A milestone as a broadcast to channels; its id makes it happen once. */
export function milestoneBroadcast(campaignId: string, milestone: Milestone, now: Date): NewBroadcast {
  const base = { campaignId, kind: 'milestone' as const, audience: 'channels' as const, notBefore: now };
  switch (milestone.kind) {
    case 'thousands':
      return { ...base, id: `milestone:${campaignId}:thousands:${milestone.total}`, content: { template: 'milestone.thousands', params: { total: milestone.total } } };
    case 'new-nation':
      return { ...base, id: `milestone:${campaignId}:nation:${milestone.country}`, content: { template: 'milestone.new-nation', params: { country: milestone.country } } };
    case 'goal-reached':
      return { ...base, id: `milestone:${campaignId}:goal`, content: { template: 'milestone.goal-reached', params: { total: milestone.total, goal: milestone.goal } } };
    case 'one-day-left':
      return { ...base, id: `milestone:${campaignId}:one-day-left`, content: { template: 'milestone.one-day-left' } };
    case 'closed':
      return { ...base, id: `milestone:${campaignId}:closed`, content: { template: 'milestone.closed', params: { total: milestone.total, nations: milestone.nations } } };
  }
}

/** A community's own milestone as a broadcast to its channels; one per community and step. */
export function communityMilestoneBroadcast(campaignId: string, milestone: CommunityMilestone, now: Date): NewBroadcast {
  return {
    id: `milestone:${campaignId}:community:${milestone.code}:${milestone.step}`,
    campaignId,
    kind: 'milestone',
    audience: 'community',
    community: milestone.code,
    notBefore: now,
    content: { template: 'milestone.community', params: { signatures: milestone.count, nations: milestone.nations } },
  };
}
