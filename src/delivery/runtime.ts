/**
 * The delivery runtime: the worker that drains the queue and the scheduler
 * that fills it, built one way for the entry point, the worker test process
 * and the tests. Recipients gone for good go to the app's one handler.
 */
import type { AddressCipher, CampaignCore, DeliveryStore, Logger, Messenger, RecipientGoneError, SendRateLimiter, SnapshotStore } from '../core/index.ts';
import { createDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker.ts';
import { renderBroadcast } from './render-broadcast.ts';
import { createScheduler, type Scheduler } from './scheduler.ts';

export interface DeliveryRuntimeOptions {
  core: CampaignCore;
  deliveries: DeliveryStore;
  sendRates: SendRateLimiter;
  snapshots: SnapshotStore;
  /** One per platform this instance sends on. */
  messengers: Messenger[];
  /** The app's one handler for a blocked bot or a lost channel. */
  recipientGone(address: string, error: RecipientGoneError): Promise<unknown>;
  /** Opens the sealed channel a staff notice names. */
  addresses?: Pick<AddressCipher, 'open'>;
  logger: Logger;
  /** Tuning for tests and benchmarks (batch size, lease, idle pause...). */
  worker?: Pick<DeliveryWorkerOptions, 'batchSize' | 'leaseMs' | 'idleMs' | 'maxAttempts' | 'backoffMs'>;
  /** False for a process that only sends (no reminders or milestones are queued by it). */
  schedule?: boolean;
}

export interface DeliveryRuntime {
  worker: DeliveryWorker;
  scheduler: Scheduler | null;
  /** Catches up on anything due, then sends and schedules until stopped. */
  start(): Promise<void>;
  /** No new work; the send in flight finishes and is marked; unsent claims go back to the queue. */
  stop(): Promise<void>;
}

/**
 * @example const runtime = createDeliveryRuntime({ core, deliveries, sendRates, snapshots, messengers, recipientGone, logger }); await runtime.start();
 */
export function createDeliveryRuntime(options: DeliveryRuntimeOptions): DeliveryRuntime {
  const { core, logger } = options;
  const worker = createDeliveryWorker({
    store: options.deliveries,
    limiter: options.sendRates,
    messengers: options.messengers,
    // Dates and deadlines in the reader's time: their zone, else the campaign's (named in the text).
    render: (delivery) =>
      renderBroadcast(core.t, delivery.content, delivery.language, delivery.platform, { timeZone: delivery.timeZone ?? core.campaign.timeZone, now: core.clock() }, options.addresses && ((sealed) => options.addresses!.open(sealed))),
    unsubscribe: options.recipientGone,
    logger,
    clock: core.clock,
    ...options.worker,
  });
  const scheduler =
    options.schedule === false
      ? null
      : createScheduler({ core, deliveries: options.deliveries, snapshots: options.snapshots, logger, clock: core.clock });
  return {
    worker,
    scheduler,
    async start() {
      worker.start();
      await scheduler?.start();
    },
    async stop() {
      await scheduler?.stop();
      await worker.stop();
    },
  };
}
