import { createHash } from 'node:crypto';
import type { CampaignCore, Clock, EmbassyDelivery, PetitionStats, ReviewCounts } from '../core/index.ts';

/** Everything the public sees in numbers: valid signatures, paper ones, each embassy's delivery, review counts. */
export interface PublicFigures extends PetitionStats {
  /** Paper signatures per country, counted apart (outside the Merkle tree). */
  paper: Record<string, number>;
  /** The latest delivery record per embassy. */
  deliveries: EmbassyDelivery[];
  /** Held, set aside and approved signatures in aggregate, so anyone can see that review happens. */
  review: ReviewCounts;
}

/**
 * Reads the public figures in one go (four cheap queries, side by side).
 *
 * @example createStatsFeed(() => readPublicFigures(core), clock)
 */
export async function readPublicFigures(core: Pick<CampaignCore, 'petition' | 'paper' | 'deliveryRecords' | 'review'>): Promise<PublicFigures> {
  const [stats, paper, deliveries, review] = await Promise.all([core.petition.stats(), core.paper.totals(), core.deliveryRecords.byCountry(), core.review.transparency()]);
  return { ...stats, paper, deliveries, review };
}

/** The campaign's figures at one moment, with a version that changes exactly when they do. */
export interface StatsSnapshot {
  stats: PublicFigures;
  /** A short hash of the figures, for ETags and "did anything change". */
  version: string;
  /** When these figures were first read (by the app's clock); unchanged figures keep their time. */
  readAt: Date;
}

/**
 * One shared view of the campaign's figures for every web reader. However
 * many pages are rendered and however many live screens are connected, the
 * database is asked at most once per `maxAgeMs` for pages, and once per
 * `pollMs` while live screens listen (never per client).
 *
 * @example const { stats } = await feed.current(); feed.subscribe((s) => push(s.stats.total));
 */
export interface StatsFeed {
  /** The latest figures, at most `maxAgeMs` old; concurrent callers share one query. */
  current(): Promise<StatsSnapshot>;
  /** The latest figures when they are at most `maxAgeMs` old, at once; null when `current` must read. */
  fresh(): StatsSnapshot | null;
  /** Calls `listener` with new figures after each poll that changed them; returns the unsubscribe. */
  subscribe(listener: (snapshot: StatsSnapshot) => void): () => void;
  /** How many listeners are subscribed (for tests and metrics). */
  listeners(): number;
  /** Stops polling; later calls to `current` still work. */
  close(): void;
}

export interface StatsFeedOptions {
  /** How old cached figures may be when a page is rendered; default 2 s. */
  maxAgeMs?: number;
  /** How often live listeners are polled for; default 2 s (a new signature shows within 5 s). */
  pollMs?: number;
  /** A monotonic millisecond counter for cache ages (not a date); default `performance.now`. */
  elapsed?: () => number;
  /** Told when a refresh fails while older figures are still served. */
  onError?: (error: unknown) => void;
}

/**
 * Builds the feed on a function that reads the figures (the core's
 * `petition.stats`). A failed read keeps serving the last figures it had;
 * with none yet, the failure reaches the caller.
 */
export function createStatsFeed(read: () => Promise<PublicFigures>, clock: Clock, options: StatsFeedOptions = {}): StatsFeed {
  const maxAgeMs = options.maxAgeMs ?? 2000;
  const pollMs = options.pollMs ?? 2000;
  const elapsed = options.elapsed ?? (() => performance.now());
  const listeners = new Set<(snapshot: StatsSnapshot) => void>();
  let latest: { snapshot: StatsSnapshot; at: number } | null = null;
  let inflight: Promise<StatsSnapshot> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let announced: string | null = null;

  const refresh = (): Promise<StatsSnapshot> => {
    inflight ??= read()
      .then((stats) => {
        const version = versionOf(stats);
        // The same figures keep the same snapshot, so what is derived from it (ETags, pages) stays valid.
        const snapshot = latest?.snapshot.version === version ? latest.snapshot : { stats, version, readAt: clock() };
        latest = { snapshot, at: elapsed() };
        return snapshot;
      })
      .catch((error: unknown) => {
        if (!latest) throw error;
        options.onError?.(error);
        return latest.snapshot;
      })
      .finally(() => {
        inflight = null;
      });
    return inflight;
  };

  const poll = async () => {
    const snapshot = await refresh().catch((error: unknown) => {
      options.onError?.(error);
      return null;
    });
    if (!snapshot || snapshot.version === announced) return;
    announced = snapshot.version;
    for (const listener of listeners) listener(snapshot);
  };

  const fresh = () => (latest && elapsed() - latest.at < maxAgeMs ? latest.snapshot : null);

  return {
    fresh,
    current() {
      const snapshot = fresh();
      return snapshot ? Promise.resolve(snapshot) : refresh();
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!timer) {
        announced = latest?.snapshot.version ?? null;
        timer = setInterval(() => void poll(), pollMs);
        timer.unref();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    listeners: () => listeners.size,
    close() {
      if (timer) clearInterval(timer);
      timer = null;
      listeners.clear();
    },
  };
}

function versionOf(stats: PublicFigures): string {
  return createHash('sha1').update(JSON.stringify(stats)).digest('base64url').slice(0, 16);
}
