import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  customType,
  doublePrecision,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { LOCALES, type ContentLocale, type Locale } from '../core/locale.ts';

/** Raw bytes (hashes); repositories pass them as hex through decode()/encode(), which both drivers agree on. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Every signature from every platform, one row each. `signer_key` is a keyed
 * hash of (platform, user id): the raw platform id is never stored, so a
 * leaked export or backup cannot be joined back to accounts.
 */
export const signatures = pgTable(
  'signatures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    campaignId: text('campaign_id').notNull(),
    signerKey: text('signer_key').notNull(),
    /** The name exactly as the signer chose to show it; null when anonymous. */
    displayName: text('display_name'),
    nameStyle: text('name_style', { enum: ['full', 'initials', 'anonymous'] }).notNull(),
    country: char('country', { length: 2 }).notNull(),
    language: text('language', { enum: LOCALES }).notNull(),
    platform: text('platform').notNull(),
    referral: text('referral'),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull().defaultNow(),
    /** Calendar date of signing in the campaign's time zone, for per-day counts. */
    signedOn: date('signed_on', { mode: 'string' }).notNull(),
    /**
     * Only `valid` signatures are counted, exported or delivered. `held` waits
     * for staff review; `invalid` was set aside by staff. Review changes this
     * column and never deletes the row.
     */
    state: text('state', { enum: ['valid', 'held', 'invalid'] }).notNull().default('valid'),
    /** The rule that held it for review; kept after review, so open data can say how many holds were approved. */
    heldRule: text('held_rule'),
    /** Why staff invalidated it: a code from a fixed list, never free text (it is published in aggregate). */
    invalidReason: text('invalid_reason'),
    /** The staff member (e.g. `slack:U0123`) who approved or invalidated it, and when. */
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /**
     * A keyed hash of the normalized full name, for the "same name and country
     * on another platform" rule; null for initials and anonymous signers, and
     * erased with the name.
     */
    nameKey: text('name_key'),
    /**
     * SHA-256 of the signer's receipt code (src/core/receipt.ts), kept from
     * signing on so a freeze computes every leaf in one statement, in the
     * database; null for signatures made before it was kept (a freeze fills
     * those in). It is what pack_snapshot_rows keeps too: it names no one.
     */
    receiptDigest: bytea('receipt_digest'),
    /**
     * The signature's Merkle leaf (format 1, src/core/receipt.ts), made at
     * signing from the receipt digest, country and signing day, none of which
     * ever changes afterwards: a freeze copies it instead of hashing every row
     * again. Null for older rows, whose leaf the freeze makes in SQL.
     */
    leaf: bytea('leaf'),
  },
  (t) => [
    // The one-signature-per-person rule lives here, not in a read-then-write check.
    unique('signatures_one_per_signer').on(t.campaignId, t.signerKey),
    index('signatures_campaign_signed_at').on(t.campaignId, t.signedAt),
    // Referral reports and "signed through your link": only counted rows that carry a code (index-only scans).
    index('signatures_referral').on(t.campaignId, t.referral, t.country).where(sql`${t.referral} is not null and ${t.state} = 'valid'`),
    // Platform before time: "another platform" becomes two range scans that skip the signer's own platform.
    index('signatures_same_name')
      .on(t.campaignId, t.nameKey, t.country, t.platform, t.signedAt)
      .where(sql`${t.nameKey} is not null`),
    // Small: only signatures that review touched. Serves the staff queue and the open review counts.
    index('signatures_review')
      .on(t.campaignId, t.state, t.heldRule, t.signedAt)
      .where(sql`${t.state} <> 'valid' or ${t.heldRule} is not null`),
    check('signatures_name_matches_style', sql`(${t.nameStyle} = 'anonymous') = (${t.displayName} is null)`),
    check('signatures_state_known', sql`${t.state} in ('valid', 'held', 'invalid')`),
    check('signatures_held_has_rule', sql`${t.state} <> 'held' or ${t.heldRule} is not null`),
    check(
      'signatures_invalid_has_reason',
      sql`${t.state} <> 'invalid' or (${t.invalidReason} is not null and ${t.reviewedBy} is not null and ${t.reviewedAt} is not null)`,
    ),
  ],
);

/**
 * Running counts kept by triggers on `signatures` (see the custom migrations),
 * so totals stay fast at millions of rows. A counter is the sum of 16 `slot`
 * rows, and each change takes a slot no other open transaction holds
 * (migration 0016): up to 16 people signing from one country at the same
 * moment never wait for each other's commit on one row lock.
 */
export const signatureTallies = pgTable(
  'signature_tallies',
  {
    campaignId: text('campaign_id').notNull(),
    country: char('country', { length: 2 }).notNull(),
    platform: text('platform').notNull(),
    slot: smallint('slot').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.country, t.platform, t.slot] })],
);

/** Per-day counts, kept by the same trigger. */
export const signatureDaily = pgTable(
  'signature_daily',
  {
    campaignId: text('campaign_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    slot: smallint('slot').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.day, t.slot] })],
);

/** THE LIST: cases of refugees and humanitarian workers seized by China. */
export const cases = pgTable('cases', {
  number: integer('number').primaryKey(),
  kind: text('kind', { enum: ['refugee', 'humanitarian-worker'] }).notNull(),
  /** Null when the name is withheld. */
  name: text('name'),
  /** YYYY, YYYY-MM or YYYY-MM-DD: many dates are only partly known. */
  date: text('date'),
  place: text('place'),
  summary: jsonb('summary').$type<Record<ContentLocale, string> & Partial<Record<Locale, string>>>().notNull(),
  story: jsonb('story').$type<Partial<Record<Locale, string>>>().notNull(),
  source: text('source'),
  isSample: boolean('is_sample').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  /** Who last changed the case (a staff handle, never a supporter). */
  updatedBy: text('updated_by'),
});

/** A person's chosen language, kept only when they chose one. */
export const preferences = pgTable('preferences', {
  signerKey: text('signer_key').primaryKey(),
  language: text('language', { enum: LOCALES }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * People and channels that asked for reminders. The address (for example
 * `telegram:123`) is needed to reach them, so it is kept only while they are
 * subscribed and deleted when they opt out; and it is kept encrypted
 * (AES-256-GCM, see src/core/address-cipher.ts), found by `address_index`, a
 * keyed hash of it, so no raw platform id is at rest.
 */
export const subscriptions = pgTable(
  'subscriptions',
  {
    campaignId: text('campaign_id').notNull(),
    /** The sealed address: `a1.<key id>.<iv, ciphertext and tag>`. */
    address: text('address').notNull(),
    /** A keyed hash of the address (blind index): how a row is found by address. */
    addressIndex: text('address_index').notNull(),
    /** The address prefix (telegram, discord, slack): which messenger sends to it. */
    platform: text('platform').notNull(),
    /** Null for channels, which are not people. */
    signerKey: text('signer_key'),
    language: text('language', { enum: LOCALES }).notNull(),
    timeZone: text('time_zone'),
    /** For a community's channel: the community's referral code (see `communities`), so its own milestones reach it. */
    community: text('community'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.addressIndex] }),
    index('subscriptions_signer').on(t.signerKey),
    // Empty once sealed: rows from before encryption, which the start seals (see address-sealing.ts).
    index('subscriptions_unsealed').on(t.addressIndex).where(sql`${t.address} not like 'a1.%'`),
  ],
);

/**
 * Discord servers and Telegram groups that turned the campaign channel on.
 * Each is known only by its referral code (a keyed hash of the server or
 * group id), never by the platform's id; signatures through it carry the code.
 */
export const communities = pgTable(
  'communities',
  {
    campaignId: text('campaign_id').notNull(),
    code: text('code').notNull(),
    platform: text('platform').notNull(),
    /** The server's or group's name when the channel was last turned on, for staff reports; null when the platform gave none. */
    name: text('name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.code] })],
);

/**
 * People who asked, separately and explicitly (`/stayintouch on`), to hear
 * about the coalition's next campaign. Not tied to a campaign or a signature,
 * so `retention:erase` keeps it: only the sealed address, its blind index (to
 * find it again for `/stayintouch off`), the language and when they agreed.
 */
export const stayInTouch = pgTable('stay_in_touch', {
  addressIndex: text('address_index').primaryKey(),
  /** Sealed like subscriptions.address. */
  address: text('address').notNull(),
  language: text('language', { enum: LOCALES }).notNull(),
  consentedAt: timestamp('consented_at', { withTimezone: true }).notNull(),
});

/**
 * Half-finished dialogues (the signing questions), so a restart does not lose them.
 * Indexed by expiry so the sweep finds expired drafts without reading live ones.
 */
export const dialogues = pgTable(
  'dialogues',
  {
    key: text('key').primaryKey(),
    state: jsonb('state').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('dialogues_expires_at').on(t.expiresAt)],
);

/**
 * The event journal: incoming platform events (Telegram update ids, Discord
 * interaction ids) claimed in the same transaction as their effects, with
 * the replies they produced until those are delivered, so a redelivery after
 * a crash neither repeats the effect nor loses the answer. Ids are not always
 * increasing, so each one is kept, and swept after a few days.
 */
export const processedEvents = pgTable(
  'processed_events',
  {
    source: text('source').notNull(),
    eventId: text('event_id').notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** `answered`: handled, replies recorded, maybe not delivered yet; `done`: delivered (replies forgotten). */
    state: text('state', { enum: ['answered', 'done'] }).notNull().default('done'),
    /** The replies, kept only until they are delivered (they may hold the name a person signed with). */
    replies: jsonb('replies'),
    /** Until then the instance that answered is still sending; a redelivery waits (busy) rather than sending twice. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.source, t.eventId] }), index('processed_events_seen_at').on(t.seenAt)],
);

/**
 * A reminder, announcement or milestone message, once. Its id is its
 * idempotency key (`reminder:<campaign>:<item>`, `announcement:<uuid>`, ...),
 * so any number of instances and restarts create it once.
 */
export const broadcasts = pgTable('broadcasts', {
  id: text('id').primaryKey(),
  campaignId: text('campaign_id').notNull(),
  kind: text('kind', { enum: ['reminder', 'announcement', 'milestone'] }).notNull(),
  /** `everyone` subscribed (people and channels), `channels` only (milestones), `staff` (notices), `signers-in-country` (delivery news), or `community` (one community's milestones). */
  audience: text('audience', { enum: ['everyone', 'channels', 'staff', 'signers-in-country', 'community'] }).notNull(),
  /** Texts per language, or a translation key and its parameters rendered at send time. */
  content: jsonb('content').notNull(),
  requestedBy: text('requested_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One (broadcast, recipient) pair: the unit of work of the delivery queue.
 * Workers claim rows with FOR UPDATE SKIP LOCKED, lease them while sending,
 * and mark them; the unique key makes a second row for the same pair impossible.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    broadcastId: text('broadcast_id').notNull(),
    campaignId: text('campaign_id').notNull(),
    /** The subscription's sealed address, copied as it is (decrypted only to send). */
    address: text('address').notNull(),
    /** The subscription's blind index: one delivery per recipient, one message a second per chat. */
    addressIndex: text('address_index').notNull(),
    /** The address prefix (telegram, discord, slack): which messenger sends it. */
    platform: text('platform').notNull(),
    language: text('language', { enum: LOCALES }).notNull(),
    state: text('state', { enum: ['queued', 'sending', 'sent', 'failed', 'unsubscribed'] }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** Not sent before this instant: the recipient's local hour, or a retry's backoff. */
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** A worker died while this was being sent: it may have reached the recipient. */
    inDoubt: boolean('in_doubt').notNull().default(false),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('deliveries_once_per_recipient').on(t.broadcastId, t.addressIndex),
    index('deliveries_due').on(t.platform, t.state, t.notBefore),
    index('deliveries_recent_per_address').on(t.addressIndex, t.sentAt),
    index('deliveries_unsealed').on(t.addressIndex).where(sql`${t.address} not like 'a1.%'`),
    index('deliveries_broadcast_state').on(t.broadcastId, t.state),
  ],
);

/**
 * A token bucket per platform shared by every instance, so "30 messages a
 * second for the bot as a whole" holds however many instances send.
 */
export const sendRates = pgTable('send_rates', {
  platform: text('platform').primaryKey(),
  /** May go negative: a debt the next sender waits off. */
  tokens: doublePrecision('tokens').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  /** Set from a 429's retry_after: nobody sends on this platform before it. */
  pausedUntil: timestamp('paused_until', { withTimezone: true }),
});

/** The last counts the milestone check saw, so a restart does not replay old news. */
export const campaignSnapshots = pgTable('campaign_snapshots', {
  campaignId: text('campaign_id').primaryKey(),
  snapshot: jsonb('snapshot').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A frozen snapshot of the signatures for delivery packs: its public header
 * (instant, counts, Merkle root) and, in `context`, everything else a pack
 * prints (paper counts, delivery targets, THE LIST summary), so the final pack
 * can be made again byte for byte. At most one final snapshot per campaign.
 */
export const packSnapshots = pgTable(
  'pack_snapshots',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: text('campaign_id').notNull(),
    frozenAt: timestamp('frozen_at', { withTimezone: true }).notNull(),
    final: boolean('final').notNull(),
    total: integer('total').notNull(),
    byCountry: jsonb('by_country').$type<Record<string, number>>().notNull(),
    merkleRoot: text('merkle_root').notNull(),
    leafVersion: smallint('leaf_version').notNull(),
    context: jsonb('context').notNull(),
  },
  (t) => [
    uniqueIndex('pack_snapshots_one_final').on(t.campaignId).where(sql`${t.final}`),
    index('pack_snapshots_latest').on(t.campaignId, t.id),
  ],
);

/**
 * The rows of a snapshot, as the pack shows them. Privacy trade-off: to make
 * the final pack again byte for byte the shown name must be kept here too,
 * apart from the live `signatures` row. So a signer who withdraws after the
 * final freeze stays in the delivered pack (it was printed), interim
 * snapshots' rows are deleted as soon as a newer snapshot exists, no signer
 * key is kept (only a digest of the receipt code, which cannot be turned back
 * into a key or an account), and the retention job erases these names with
 * the live ones.
 *
 * Partitioned by snapshot_id (migration 0018; drizzle-kit does not model
 * partitions): each snapshot's rows are a table of their own, which the
 * freeze fills and then attaches, and drops when a newer snapshot replaces
 * an interim one.
 */
export const packSnapshotRows = pgTable(
  'pack_snapshot_rows',
  {
    /**
     * The snapshot (pack_snapshots.id). No foreign key: it checked each of a
     * freeze's rows one at a time, a third of the freeze's insert. Only the
     * freeze writes rows, under the header it has just made, and rows are
     * dropped by snapshot (its partition), never through their header.
     */
    snapshotId: integer('snapshot_id').notNull(),
    /** Signing order within the snapshot's country (rows are numbered country by country, codes in byte order). */
    seq: integer('seq').notNull(),
    country: char('country', { length: 2 }).notNull(),
    /** As the signer chose to be shown; null when anonymous. */
    displayName: text('display_name'),
    signedOn: date('signed_on', { mode: 'string' }).notNull(),
    receiptDigest: bytea('receipt_digest').notNull(),
    /** Its position in the Merkle tree is where it sorts among the tree's leaves (pack_snapshot_nodes, level 0). */
    leaf: bytea('leaf').notNull(),
  },
  (t) => [
    // A country's rows are a range of seq (they are numbered country by country), read by this key alone.
    primaryKey({ columns: [t.snapshotId, t.seq] }),
    // A B-tree: a freeze builds it in one pass as it attaches the snapshot's partition (migration 0018),
    // 44 ms for 100,000 rows where a hash index took 65 ms (migration 0019).
    index('pack_snapshot_rows_receipt').on(t.receiptDigest),
  ],
);

/**
 * The Merkle tree of a snapshot, level by level (level 0 = leaves), so a proof
 * is two indexed reads. A row holds a run of consecutive nodes of one level
 * (TREE_CHUNK_NODES of them, 32 bytes each): a node a row made the freeze
 * write a 100,000-signature tree as 200,000 rows and index entries. Levels 1
 * to 9 lie inside one run of leaves each and are hashed again from it when a
 * proof needs them (pack-snapshot-repository.ts); snapshots frozen before
 * that have them stored too, and they are not read.
 */
export const packSnapshotNodes = pgTable(
  'pack_snapshot_nodes',
  {
    snapshotId: integer('snapshot_id')
      .notNull()
      .references(() => packSnapshots.id, { onDelete: 'cascade' }),
    level: smallint('level').notNull(),
    /** The run's number: it starts at node idx × TREE_CHUNK_NODES. */
    idx: integer('idx').notNull(),
    hashes: bytea('hashes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.snapshotId, t.level, t.idx] })],
);

/** Delivery targets set by staff; they override the campaign file's for that country. */
export const deliveryTargets = pgTable(
  'delivery_targets',
  {
    campaignId: text('campaign_id').notNull(),
    country: char('country', { length: 2 }).notNull(),
    target: jsonb('target').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** The staff member who set it. */
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.country] })],
);

/** What happened at each embassy, one row per report (a postponed visit and the later delivery are two). */
export const deliveryRecords = pgTable(
  'delivery_records',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: text('campaign_id').notNull(),
    country: char('country', { length: 2 }).notNull(),
    status: text('status', { enum: ['accepted', 'refused', 'no-answer', 'postponed'] }).notNull(),
    note: text('note'),
    photoUrl: text('photo_url'),
    online: integer('online').notNull(),
    paper: integer('paper').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [index('delivery_records_campaign').on(t.campaignId, t.id)],
);

/** Paper signatures from one vigil or event: counted apart, outside the Merkle tree; reversed, never deleted. */
export const paperBatches = pgTable(
  'paper_batches',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: text('campaign_id').notNull(),
    country: char('country', { length: 2 }).notNull(),
    count: integer('count').notNull(),
    event: text('event').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
    addedBy: text('added_by').notNull(),
    reversedAt: timestamp('reversed_at', { withTimezone: true }),
  },
  (t) => [index('paper_batches_campaign').on(t.campaignId), check('paper_batches_count_positive', sql`${t.count} > 0`)],
);

/**
 * Every staff action (review, redact, export, pack, announcement, THE LIST
 * change, delivery record): who, what, when and how many. Details hold ids
 * and counts, never a supporter's name. Kept in the database, not in the
 * logs, which must stay free of personal data (a staff id is one).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** The staff member, e.g. `slack:U0123`, or a tool such as `cli:list-import`. */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    detail: jsonb('detail').$type<Record<string, string | number | boolean>>().notNull().default({}),
  },
  (t) => [index('audit_log_actor_at').on(t.actor, t.at)],
);

/**
 * Commands per person in the current window, for the flood limit shared by
 * every instance (rate-limiter-flexible's Drizzle store: these three columns
 * are its contract). The key is the signer key, never a platform id; rows
 * expire with their window and are swept.
 */
export const floodCounters = pgTable('flood_counters', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: timestamp('expire', { withTimezone: true }),
});

/**
 * Signings per minute shared by every instance for the surge rules: in all
 * (`scope` all, empty key), per referral code, and per community (a keyed
 * hash, never a platform id). Each instance adds its counts every few seconds
 * and reads the sums, so the surge rules cost a few rows per referral code and
 * minute, not a scan of the signatures. Rows older than two hours are deleted.
 */
export const signingMinutes = pgTable(
  'signing_minutes',
  {
    campaignId: text('campaign_id').notNull(),
    minute: timestamp('minute', { withTimezone: true }).notNull(),
    scope: text('scope', { enum: ['all', 'referral', 'community'] }).notNull(),
    key: text('key').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.minute, t.scope, t.key] })],
);
