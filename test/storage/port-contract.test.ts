/**
 * The in-memory ports (test/support/memory) against the real stores: the
 * same assertions run on memory, on PGlite and, with TEST_DATABASE_URL, on
 * the real Postgres, so the fakes the core and chat tests use cannot drift
 * from what storage does. A store added to test/support/memory gets its
 * contract here.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createAddressCipher,
  EventBusyError,
  type AuditHistory,
  type AuditLog,
  type Case,
  type CaseStore,
  type Clock,
  type DeliveryRecordStore,
  type DeliveryStore,
  type DeliveryTarget,
  type DeliveryTargetStore,
  type DialogueStore,
  type EventJournal,
  type NewBroadcast,
  type FreezeReading,
  type FreezeRequest,
  type NewSignature,
  type PackSnapshotStore,
  type PaperSignatureStore,
  type PreferenceStore,
  type ReferralStore,
  type ReviewStore,
  type SignatureExport,
  type SignatureStore,
  type SigningActivity,
  type SubscriptionStore,
} from '../../src/core/index.ts';
import { createAuditRepository } from '../../src/storage/audit-repository.ts';
import { createCaseRepository } from '../../src/storage/case-repository.ts';
import { createDeliveryRecordRepository, createDeliveryTargetRepository, createPaperSignatureRepository } from '../../src/storage/delivery-day-repository.ts';
import { createDeliveryRepository } from '../../src/storage/delivery-repository.ts';
import { createDialogueRepository } from '../../src/storage/dialogue-repository.ts';
import { createEventJournal } from '../../src/storage/event-journal.ts';
import { auditPathPositions, merkleRoot, verifyInclusion, EMPTY_ROOT } from '../../src/core/merkle.ts';
import { receiptDigest, signatureLeaf } from '../../src/core/receipt.ts';
import { createPackSnapshotRepository } from '../../src/storage/pack-snapshot-repository.ts';
import { createPreferenceRepository } from '../../src/storage/preference-repository.ts';
import { createReferralRepository } from '../../src/storage/referral-repository.ts';
import { createReviewRepository } from '../../src/storage/review-repository.ts';
import { createSignatureExport } from '../../src/storage/signature-export.ts';
import { createSignatureRepository } from '../../src/storage/signature-repository.ts';
import { createSigningActivityRepository } from '../../src/storage/signing-activity-repository.ts';
import { createSubscriptionRepository } from '../../src/storage/subscription-repository.ts';
import { contextualDb } from '../../src/storage/unit-of-work.ts';
import { DRIVERS, openTestDatabase } from '../support/databases.ts';
import { createMemoryAuditLog } from '../support/memory/audit-log.ts';
import { createMemoryCaseStore } from '../support/memory/case-store.ts';
import { createMemoryDeliveryRecordStore, createMemoryDeliveryTargetStore, createMemoryPaperSignatureStore } from '../support/memory/delivery-day-stores.ts';
import { createMemoryDeliveryStore } from '../support/memory/delivery-store.ts';
import { createMemoryDialogueStore } from '../support/memory/dialogue-store.ts';
import { createMemoryEventJournal } from '../support/memory/event-journal.ts';
import { createMemoryPackSnapshotStore } from '../support/memory/pack-snapshot-store.ts';
import { createMemoryPreferenceStore } from '../support/memory/preference-store.ts';
import { createMemoryReferralStore } from '../support/memory/referral-store.ts';
import { createMemoryReviewStore } from '../support/memory/review-store.ts';
import { createMemorySignatureStore } from '../support/memory/signature-store.ts';
import { createMemorySigningActivity } from '../support/memory/signing-activity.ts';
import { createMemorySubscriptionStore } from '../support/memory/subscription-store.ts';
import { MemoryTables } from '../support/memory/tables.ts';
import { newSignature } from '../support/new-signature.ts';
import { testClock } from '../support/test-app.ts';

/** Every port that has an in-memory implementation. */
interface Ports {
  signatures: SignatureStore;
  signatureExport: SignatureExport;
  subscriptions: SubscriptionStore;
  preferences: PreferenceStore;
  dialogues: DialogueStore;
  deliveries: DeliveryStore;
  cases: CaseStore;
  audit: AuditLog & AuditHistory;
  signingActivity: SigningActivity;
  journal: EventJournal;
  reviews: ReviewStore;
  deliveryTargets: DeliveryTargetStore;
  deliveryRecords: DeliveryRecordStore;
  paper: PaperSignatureStore;
  packSnapshots: PackSnapshotStore;
  referrals: ReferralStore;
}

interface Backend {
  name: string;
  enabled: boolean;
  open(clock: Clock): Promise<{ fresh(): Promise<Ports>; dispose(): Promise<void> }>;
}

function memoryPorts(clock: Clock): Ports {
  const tables = new MemoryTables();
  const signatures = createMemorySignatureStore(tables);
  return {
    signatures,
    signatureExport: signatures,
    subscriptions: createMemorySubscriptionStore(tables, clock),
    preferences: createMemoryPreferenceStore(tables),
    dialogues: createMemoryDialogueStore(tables, clock),
    deliveries: createMemoryDeliveryStore(tables, clock),
    cases: createMemoryCaseStore(tables),
    audit: createMemoryAuditLog(tables),
    signingActivity: createMemorySigningActivity(tables),
    journal: createMemoryEventJournal(tables, clock),
    reviews: createMemoryReviewStore(tables),
    deliveryTargets: createMemoryDeliveryTargetStore(tables),
    deliveryRecords: createMemoryDeliveryRecordStore(tables),
    paper: createMemoryPaperSignatureStore(tables),
    packSnapshots: createMemoryPackSnapshotStore(tables),
    referrals: createMemoryReferralStore(tables),
  };
}

// Children before parents, so plain deletes meet no foreign key.
const TABLES = 'pack_snapshot_nodes, pack_snapshot_rows, pack_snapshots, deliveries, broadcasts, signatures, signature_tallies, signature_daily, cases, preferences, subscriptions, dialogues, processed_events, audit_log, signing_minutes, delivery_targets, delivery_records, paper_batches, communities';
const silent = { warn: () => {} };

const BACKENDS: Backend[] = [
  { name: 'memory', enabled: true, open: async (clock) => ({ fresh: async () => memoryPorts(clock), dispose: async () => {} }) },
  ...DRIVERS.map(
    (driver): Backend => ({
      name: driver.name,
      enabled: driver.enabled,
      async open(clock) {
        const handle = await openTestDatabase(driver.name);
        // Wired as assembleApp wires them: every repository on the contextual db.
        const db = contextualDb(handle.database.db);
        const dialogues = createDialogueRepository(db, clock);
        // Stored addresses are sealed as in the app; the contract reads them back opened.
        const addresses = createAddressCipher(['port-contract-address-key-made-up-01'], 'port-contract-index-secret-made-up-0001');
        return {
          async fresh() {
            await dialogues.settled();
            // Row deletes, not truncate: on tables this small they are several times faster (truncate recreates files).
            // One statement (a DO block), as the extended protocol takes one at a time.
            const deletes = TABLES.split(', ').map((t) => `delete from ${t};`).join(' ');
            await handle.database.db.execute(sql.raw(`do $$ begin ${deletes} perform setval(pg_get_serial_sequence('signatures', 'id'), 1, false); end $$`));
            return {
              signatures: createSignatureRepository(db),
              signatureExport: createSignatureExport(db),
              subscriptions: createSubscriptionRepository(db, clock, addresses),
              preferences: createPreferenceRepository(db, clock),
              dialogues,
              deliveries: createDeliveryRepository(db, clock, addresses),
              cases: createCaseRepository(db, clock),
              audit: createAuditRepository(db),
              signingActivity: createSigningActivityRepository(db),
              journal: createEventJournal(db, clock, silent),
              reviews: createReviewRepository(db),
              deliveryTargets: createDeliveryTargetRepository(db),
              deliveryRecords: createDeliveryRecordRepository(db),
              paper: createPaperSignatureRepository(db),
              // Batches of two: every freeze, tree and read below crosses batch boundaries.
              packSnapshots: createPackSnapshotRepository(db, { batchSize: 2, readWhileFreezing: handle.database.concurrentTransactions }),
              referrals: createReferralRepository(db),
            };
          },
          async dispose() {
            await dialogues.settled();
            await handle.dispose();
          },
        };
      },
    }),
  ),
];

const CAMPAIGN = 'contract-campaign';

const signature = (over: Partial<NewSignature> = {}): NewSignature => newSignature({ displayName: 'Made Up Person', ...over });

const broadcast = (id: string, over: Partial<NewBroadcast> = {}): NewBroadcast => ({
  id,
  campaignId: CAMPAIGN,
  kind: 'announcement',
  audience: 'everyone',
  content: { texts: { en: 'Hello', ko: '안녕하세요', zh: '你好' } },
  notBefore: new Date('2026-12-01T00:00:00Z'),
  ...over,
});

const sampleCase = (number: number, over: Partial<Case> = {}): Case => ({
  number,
  kind: 'refugee',
  name: `Made Up Case ${number}`,
  date: '2012-02',
  place: 'Yanji',
  summary: { en: 'Seized near the border', ko: '국경 근처에서 체포됨', zh: '在边境附近被抓' },
  story: {},
  source: null,
  isSample: false,
  ...over,
});

for (const backend of BACKENDS) {
  describe.skipIf(!backend.enabled)(`the ports' contract on ${backend.name}`, () => {
    const clock = testClock('2026-12-01T12:00:00Z');
    let opened: Awaited<ReturnType<Backend['open']>>;
    let ports: Ports;
    beforeAll(async () => {
      opened = await backend.open(clock);
    });
    afterAll(async () => opened?.dispose());
    beforeEach(async () => {
      clock.set('2026-12-01T12:00:00Z');
      ports = await opened.fresh();
    });

    describe('SignatureStore and SignatureExport', () => {
      it('inserts once per signer with the valid total, and gives back the existing row on a second try', async () => {
        const { signatures } = ports;
        expect(await signatures.insert(CAMPAIGN, 'k1', signature())).toEqual({ inserted: true, state: 'valid', total: 1 });
        expect(await signatures.insert(CAMPAIGN, 'k2', signature({ country: 'US' }))).toEqual({ inserted: true, state: 'valid', total: 2 });
        expect(await signatures.insert(CAMPAIGN, 'k3', signature({ heldRule: 'watch-list' }))).toEqual({ inserted: true, state: 'held', total: 2 });
        const again = await signatures.insert(CAMPAIGN, 'k1', signature({ displayName: 'Someone Else', country: 'JP' }));
        expect(again).toEqual({
          inserted: false,
          existing: {
            displayName: 'Made Up Person',
            nameStyle: 'full',
            country: 'KR',
            language: 'en',
            platform: 'telegram',
            referral: null,
            signedAt: new Date('2026-11-29T15:00:00Z'),
            state: 'valid',
          },
        });
        expect(await signatures.find(CAMPAIGN, 'k3')).toMatchObject({ state: 'held' });
        expect(await signatures.find(CAMPAIGN, 'nobody')).toBeNull();
        // Another campaign is another petition.
        expect(await signatures.insert('other-campaign', 'k1', signature())).toEqual({ inserted: true, state: 'valid', total: 1 });
      });

      it('holds the same name and country from another platform since the given time, and nothing else', async () => {
        const { signatures } = ports;
        await signatures.insert(CAMPAIGN, 'a', signature({ nameKey: 'name-1', platform: 'telegram' }));
        const since = new Date('2026-11-29T14:00:00Z');
        const hold = { rule: 'same-name', since };
        expect(await signatures.insert(CAMPAIGN, 'c', signature({ nameKey: 'name-1', platform: 'telegram', holdIfSameName: hold }))).toMatchObject({ state: 'valid' });
        expect(await signatures.insert(CAMPAIGN, 'b', signature({ nameKey: 'name-1', platform: 'discord', holdIfSameName: hold }))).toMatchObject({ state: 'held' });
        expect(await signatures.insert(CAMPAIGN, 'd', signature({ nameKey: 'name-1', platform: 'slack', country: 'US', holdIfSameName: hold }))).toMatchObject({ state: 'valid' });
        const later = { rule: 'same-name', since: new Date('2026-11-29T16:00:00Z') };
        expect(await signatures.insert(CAMPAIGN, 'e', signature({ nameKey: 'name-1', platform: 'web', holdIfSameName: later }))).toMatchObject({ state: 'valid' });
        expect(await signatures.insert(CAMPAIGN, 'f', signature({ nameKey: null, platform: 'line', holdIfSameName: hold }))).toMatchObject({ state: 'valid' });
      });

      it('counts valid signatures by country, platform and day; deletes; erases names without changing a count', async () => {
        const { signatures } = ports;
        await signatures.insert(CAMPAIGN, 'k1', signature({ country: 'KR', platform: 'telegram', signedOn: '2026-11-30' }));
        await signatures.insert(CAMPAIGN, 'k2', signature({ country: 'KR', platform: 'discord', signedOn: '2026-11-29', displayName: null, nameStyle: 'anonymous' }));
        await signatures.insert(CAMPAIGN, 'k3', signature({ country: 'US', platform: 'discord', signedOn: '2026-11-30' }));
        await signatures.insert(CAMPAIGN, 'k4', signature({ country: 'JP', heldRule: 'watch-list' }));
        const totals = { total: 3, byCountry: { KR: 2, US: 1 }, byPlatform: { telegram: 1, discord: 2 } };
        expect(await signatures.totals(CAMPAIGN)).toEqual(totals);
        expect(await signatures.perDay(CAMPAIGN)).toEqual([
          { day: '2026-11-29', count: 1 },
          { day: '2026-11-30', count: 2 },
        ]);
        const exported = [];
        for await (const row of ports.signatureExport.rows(CAMPAIGN)) exported.push(row);
        expect(exported).toEqual([
          { displayName: 'Made Up Person', country: 'KR', signedOn: '2026-11-30' },
          { displayName: null, country: 'KR', signedOn: '2026-11-29' },
          { displayName: 'Made Up Person', country: 'US', signedOn: '2026-11-30' },
        ]);

        expect(await signatures.eraseNames(CAMPAIGN)).toBe(3);
        expect(await signatures.find(CAMPAIGN, 'k1')).toMatchObject({ displayName: null, nameStyle: 'anonymous', country: 'KR', state: 'valid' });
        expect(await signatures.totals(CAMPAIGN)).toEqual(totals);
        expect(await signatures.eraseNames(CAMPAIGN)).toBe(0);

        expect(await signatures.delete(CAMPAIGN, 'k3')).toBe(true);
        expect(await signatures.delete(CAMPAIGN, 'k3')).toBe(false);
        expect(await signatures.totals(CAMPAIGN)).toEqual({ total: 2, byCountry: { KR: 2 }, byPlatform: { telegram: 1, discord: 1 } });
        expect(await signatures.perDay(CAMPAIGN)).toEqual([
          { day: '2026-11-29', count: 1 },
          { day: '2026-11-30', count: 1 },
        ]);
      });
    });

    describe('SubscriptionStore', () => {
      it('keeps one subscription per address, removes one or all, and says whether there was one', async () => {
        const { subscriptions } = ports;
        await subscriptions.subscribe(CAMPAIGN, { address: 'telegram:1', language: 'ko', timeZone: null, signerKey: 'k1' });
        await subscriptions.subscribe(CAMPAIGN, { address: 'telegram:1', language: 'zh', timeZone: 'Asia/Seoul', signerKey: 'k1' });
        await subscriptions.subscribe(CAMPAIGN, { address: 'discord:2', language: 'en', timeZone: null, signerKey: 'k1' });
        await subscriptions.subscribe(CAMPAIGN, { address: 'discord:channel:3', language: 'en', timeZone: null, signerKey: null });
        const mine = await subscriptions.forSigner(CAMPAIGN, 'k1');
        expect(mine.sort((a, b) => a.address.localeCompare(b.address))).toEqual([
          { address: 'discord:2', language: 'en', timeZone: null },
          { address: 'telegram:1', language: 'zh', timeZone: 'Asia/Seoul' },
        ]);
        expect(await subscriptions.forSigner('other-campaign', 'k1')).toEqual([]);
        expect(await subscriptions.unsubscribe(CAMPAIGN, 'telegram:1')).toBe(true);
        expect(await subscriptions.unsubscribe(CAMPAIGN, 'telegram:1')).toBe(false);
        expect(await subscriptions.removeAll(CAMPAIGN)).toBe(2);
        expect(await subscriptions.forSigner(CAMPAIGN, 'k1')).toEqual([]);
      });

      it('opting out stops what is already queued for that address, and only that', async () => {
        const { subscriptions, deliveries } = ports;
        await subscriptions.subscribe(CAMPAIGN, { address: 'telegram:1', language: 'en', timeZone: null, signerKey: 'k1' });
        await subscriptions.subscribe(CAMPAIGN, { address: 'telegram:2', language: 'en', timeZone: null, signerKey: 'k2' });
        await deliveries.enqueue(broadcast('announcement:1'));
        await subscriptions.unsubscribe(CAMPAIGN, 'telegram:1');
        expect(await deliveries.progress(1)).toMatchObject([{ queued: 1, unsubscribed: 1 }]);
        expect((await deliveries.claim('telegram', 10, 60_000)).map((d) => d.address)).toEqual(['telegram:2']);
        await deliveries.enqueue(broadcast('announcement:2'));
        expect(await subscriptions.removeAll(CAMPAIGN)).toBe(1);
        expect((await deliveries.progress(10)).find((p) => p.broadcastId === 'announcement:2')).toMatchObject({ queued: 0, unsubscribed: 1 });
      });
    });

    describe('PreferenceStore and DialogueStore', () => {
      it('remembers and changes a language', async () => {
        const { preferences } = ports;
        expect(await preferences.language('k1')).toBeNull();
        await preferences.setLanguage('k1', 'ko');
        await preferences.setLanguage('k1', 'zh');
        expect(await preferences.language('k1')).toBe('zh');
        expect(await preferences.language('k2')).toBeNull();
      });

      it('answers reads made together (one statement per turn on a database) each with its own language', async () => {
        const { preferences } = ports;
        await preferences.setLanguage('together-1', 'ko');
        await preferences.setLanguage('together-3', 'es');
        expect(await Promise.all(['together-1', 'together-2', 'together-3', 'together-1'].map((key) => preferences.language(key)))).toEqual(['ko', null, 'es', 'ko']);
      });

      it('keeps a state as JSON until it expires or is deleted', async () => {
        const { dialogues } = ports;
        const draft = { step: 'country', name: 'Made Up Person', at: new Date('2026-12-01T12:00:00Z') };
        await dialogues.set('sign:a', draft, 60);
        draft.step = 'changed after set';
        expect(await dialogues.get('sign:a')).toEqual({ step: 'country', name: 'Made Up Person', at: '2026-12-01T12:00:00.000Z' });
        await dialogues.set('sign:a', { step: 'name' }, 60);
        expect(await dialogues.get('sign:a')).toEqual({ step: 'name' });
        clock.set('2026-12-01T12:00:59Z');
        expect(await dialogues.get('sign:a')).toEqual({ step: 'name' });
        clock.set('2026-12-01T12:01:00Z');
        expect(await dialogues.get('sign:a')).toBeNull();
        await dialogues.set('sign:b', { step: 'name' }, 60);
        await dialogues.delete('sign:b');
        await dialogues.delete('sign:never');
        expect(await dialogues.get('sign:b')).toBeNull();
      });
    });

    describe('DeliveryStore', () => {
      const subscribe = (address: string, signerKey: string | null, timeZone: string | null = null, language: 'en' | 'ko' | 'zh' = 'en') =>
        ports.subscriptions.subscribe(CAMPAIGN, { address, language, timeZone, signerKey });

      it('queues one delivery per subscriber in the audience, and the same broadcast id twice is one broadcast', async () => {
        await subscribe('telegram:1', 'k1', null, 'ko');
        await subscribe('telegram:2', 'k2');
        await subscribe('discord:channel:3', null);
        await subscribe('slack:C0STAFF', null);
        await ports.signatures.insert(CAMPAIGN, 'k2', signature({ country: 'CA' }));
        await ports.signatures.insert(CAMPAIGN, 'k1', signature({ country: 'CA', heldRule: 'watch-list' }));
        const { deliveries } = ports;
        expect(await deliveries.enqueue(broadcast('b:everyone'))).toEqual({ created: true, recipients: 4 });
        expect(await deliveries.enqueue(broadcast('b:everyone', { content: { texts: { en: 'Other', ko: 'Other', zh: 'Other' } } }))).toEqual({
          created: false,
          recipients: 4,
        });
        expect(await deliveries.enqueue(broadcast('b:channels', { audience: 'channels' }))).toEqual({ created: true, recipients: 2 });
        expect(await deliveries.enqueue(broadcast('b:staff', { audience: 'staff' }))).toEqual({ created: true, recipients: 1 });
        // Held signatures are not "signers in the country".
        expect(await deliveries.enqueue(broadcast('b:ca', { audience: 'signers-in-country', country: 'CA' }))).toEqual({ created: true, recipients: 1 });
        expect(await deliveries.enqueue(broadcast('b:kr', { audience: 'signers-in-country', country: 'KR' }))).toEqual({ created: true, recipients: 0 });
        const telegram = await deliveries.claim('telegram', 10, 60_000);
        // One per chat at a time: telegram:2 has three queued, telegram:1 one.
        expect(telegram.map((d) => [d.broadcastId, d.address, d.language, d.attempts]).sort()).toEqual(
          [
            ['b:everyone', 'telegram:1', 'ko', 1],
            ['b:everyone', 'telegram:2', 'en', 1],
            ['b:ca', 'telegram:2', 'en', 1],
          ].sort(),
        );
        expect(telegram.find((d) => d.address === 'telegram:1')!.content).toEqual({ texts: { en: 'Hello', ko: '안녕하세요', zh: '你好' } });
      });

      it("without a platform zone, uses the main zone of the signer's country, and hands the reader's zone to the sender", async () => {
        await ports.signatures.insert(CAMPAIGN, 'kr-signer', signature({ country: 'KR' }));
        await subscribe('telegram:from-korea', 'kr-signer', null);
        await subscribe('telegram:channel', null, null);
        const { deliveries } = ports;
        await deliveries.enqueue(
          broadcast('reminder:last-day', { kind: 'reminder', lastLocalHourBefore: { instant: new Date('2026-12-11T04:59:59Z'), hour: 10, marginHours: 3, defaultZone: 'America/New_York' } }),
        );
        // New York (the default zone, for a channel): the close is 23:59 on 10 December; 10:00 that morning.
        clock.set('2026-12-10T14:59:59Z');
        expect(await deliveries.claim('telegram', 10, 60_000)).toEqual([]);
        clock.set('2026-12-10T15:00:00Z');
        expect((await deliveries.claim('telegram', 10, 60_000)).map((d) => [d.address, d.timeZone])).toEqual([['telegram:channel', null]]);
        // Seoul: the close is 13:59 on 11 December there; 10:00 that morning is the last one 3 h before it.
        clock.set('2026-12-11T00:59:59Z');
        expect(await deliveries.claim('telegram', 10, 60_000)).toEqual([]);
        clock.set('2026-12-11T01:00:00Z');
        expect(await deliveries.claim('telegram', 10, 60_000)).toMatchObject([{ address: 'telegram:from-korea', timeZone: 'Asia/Seoul' }]);
      });

      it('holds each delivery until the local hour in the recipient zone, the default zone when it is unknown', async () => {
        await subscribe('telegram:seoul', 'k1', 'Asia/Seoul');
        await subscribe('telegram:unknown', 'k2', null);
        await subscribe('telegram:bad', 'k3', 'Not/A_Zone');
        const { deliveries } = ports;
        await deliveries.enqueue(broadcast('reminder:days-7', { kind: 'reminder', localTime: { date: '2026-12-03', hour: 10, defaultZone: 'America/New_York' } }));
        const addresses = async () => (await deliveries.claim('telegram', 10, 60_000)).map((d) => d.address).sort();
        clock.set('2026-12-03T00:59:59Z');
        expect(await addresses()).toEqual([]);
        clock.set('2026-12-03T01:00:00Z');
        expect(await addresses()).toEqual(['telegram:seoul']);
        clock.set('2026-12-03T14:59:59Z');
        expect(await addresses()).toEqual([]);
        clock.set('2026-12-03T15:00:00Z');
        expect(await addresses()).toEqual(['telegram:bad', 'telegram:unknown']);
      });

      it('holds a next-local-hour delivery until that hour strikes next in the recipient zone', async () => {
        await subscribe('telegram:seoul', 'k1', 'Asia/Seoul');
        await subscribe('telegram:london', 'k2', 'Europe/London');
        const { deliveries } = ports;
        // 12:00 UTC is 21:00 in Seoul (09:00 is tomorrow) and 12:00 in London (09:00 has passed: tomorrow too).
        await deliveries.enqueue(broadcast('notice:1', { kind: 'milestone', notBefore: new Date('2026-12-01T12:00:00Z'), nextLocalHour: { hour: 9, defaultZone: 'Asia/Seoul' } }));
        // 08:00 UTC is 08:00 in London: 09:00 is still to come today.
        await deliveries.enqueue(broadcast('notice:2', { kind: 'milestone', notBefore: new Date('2026-12-01T08:00:00Z'), nextLocalHour: { hour: 9, defaultZone: 'Asia/Seoul' } }));
        const claimed = async () => {
          const batch = await deliveries.claim('telegram', 10, 60_000);
          for (const d of batch) await deliveries.markSent(d.id);
          return batch.map((d) => `${d.broadcastId} ${d.address}`).sort();
        };
        clock.set('2026-12-01T08:59:59Z');
        expect(await claimed()).toEqual([]);
        clock.set('2026-12-01T09:00:00Z');
        expect(await claimed()).toEqual(['notice:2 telegram:london']);
        // 08:00 UTC was 17:00 in Seoul: both wait for 09:00 there tomorrow (and one claim takes both: the pacing is the worker's).
        clock.set('2026-12-01T23:59:59Z');
        expect(await claimed()).toEqual([]);
        clock.set('2026-12-02T00:00:00Z');
        expect(await claimed()).toEqual(['notice:1 telegram:seoul', 'notice:2 telegram:seoul']);
        clock.set('2026-12-02T08:59:59Z');
        expect(await claimed()).toEqual([]);
        clock.set('2026-12-02T09:00:00Z');
        expect(await claimed()).toEqual(['notice:1 telegram:london']);
      });

      it('does not claim a second message for a chat while one is in flight or was sent within a second', async () => {
        await subscribe('telegram:7', 'k7');
        await subscribe('telegram:8', 'k8');
        const { deliveries } = ports;
        await deliveries.enqueue(broadcast('announcement:a', { notBefore: clock() }));
        const first = await deliveries.claim('telegram', 10, 60_000);
        expect(first.map((d) => d.address).sort()).toEqual(['telegram:7', 'telegram:8']);
        await deliveries.enqueue(broadcast('announcement:b', { notBefore: clock() }));
        expect(await deliveries.claim('telegram', 10, 60_000)).toEqual([]);
        for (const d of first) await deliveries.markSent(d.id);
        expect(await deliveries.claim('telegram', 10, 60_000)).toEqual([]);
        clock.set('2026-12-01T12:00:01.001Z');
        const second = await deliveries.claim('telegram', 10, 60_000);
        expect(second.map((d) => d.broadcastId)).toEqual(['announcement:b', 'announcement:b']);
        expect(await deliveries.claim('discord', 10, 60_000)).toEqual([]);
      });

      it('retries, fails, unsubscribes, recovers expired leases in doubt, and counts each state', async () => {
        for (const n of [1, 2, 3, 4]) await subscribe(`telegram:${n}`, `k${n}`);
        const { deliveries } = ports;
        await deliveries.enqueue(broadcast('announcement:x', { notBefore: clock() }));
        const claimed = await deliveries.claim('telegram', 10, 1_000);
        const [a, b, c, d] = claimed.sort((x, y) => x.address.localeCompare(y.address));
        await deliveries.retry(a!.id, new Date('2026-12-01T12:00:30Z'), 'rate limited', false);
        await deliveries.retry(b!.id, new Date('2026-12-01T12:00:30Z'), 'Error: boom', true);
        await deliveries.markFailed(c!.id, 'Error: gone wrong');
        await deliveries.markUnsubscribed(d!.id);
        // Only a delivery being sent goes back to the queue.
        await deliveries.retry(c!.id, clock(), 'late', true);
        expect(await deliveries.progress(5)).toMatchObject([{ broadcastId: 'announcement:x', kind: 'announcement', queued: 2, sending: 0, failed: 1, unsubscribed: 1, sent: 0 }]);
        clock.set('2026-12-01T12:00:30Z');
        const again = await deliveries.claim('telegram', 10, 1_000);
        expect(again.map((x) => [x.address, x.attempts]).sort()).toEqual([
          ['telegram:1', 1],
          ['telegram:2', 2],
        ]);
        await deliveries.markSent(again.find((x) => x.address === 'telegram:1')!.id);
        // The worker holding telegram:2 died: its lease runs out and it comes back, in doubt.
        clock.set('2026-12-01T12:00:30.999Z');
        expect(await deliveries.recoverExpiredLeases()).toBe(0);
        clock.set('2026-12-01T12:00:32Z');
        expect(await deliveries.recoverExpiredLeases()).toBe(1);
        expect(await deliveries.progress(5)).toMatchObject([{ queued: 1, sending: 0, sent: 1, failed: 1, unsubscribed: 1, inDoubt: 1, sentLastMinute: 1 }]);
        const last = await deliveries.claim('telegram', 10, 1_000);
        expect(last.map((x) => [x.address, x.attempts])).toEqual([['telegram:2', 3]]);
        clock.set('2026-12-01T12:01:31Z');
        expect((await deliveries.progress(5))[0]!.sentLastMinute).toBe(0);
      });

      it('marks queued deliveries of someone who opted out meanwhile when recovering, and lists broadcasts newest first', async () => {
        await subscribe('telegram:1', 'k1');
        const { deliveries } = ports;
        await deliveries.enqueue(broadcast('announcement:old', { notBefore: clock() }));
        clock.set('2026-12-01T12:05:00Z');
        await deliveries.enqueue(broadcast('announcement:new', { notBefore: clock() }));
        expect((await deliveries.progress(5)).map((p) => p.broadcastId)).toEqual(['announcement:new', 'announcement:old']);
        expect((await deliveries.progress(1)).map((p) => p.broadcastId)).toEqual(['announcement:new']);
        expect(await deliveries.recoverExpiredLeases()).toBe(0);
        expect(await deliveries.progress(5)).toMatchObject([{ queued: 1 }, { queued: 1 }]);
      });
    });

    describe('CaseStore', () => {
      it('pages in number order by kind and by every search word, replaces by number, removes', async () => {
        const { cases } = ports;
        await cases.upsert([sampleCase(3, { place: 'Tumen' }), sampleCase(1), sampleCase(2, { kind: 'humanitarian-worker', name: 'Pastor Example' })], 'slack:U1');
        await cases.upsert([], 'slack:U1');
        const page = await cases.page({ offset: 0, limit: 2 });
        expect(page.total).toBe(3);
        expect(page.cases.map((c) => c.number)).toEqual([1, 2]);
        expect((await cases.page({ offset: 2, limit: 2 })).cases.map((c) => c.number)).toEqual([3]);
        expect((await cases.page({ kind: 'humanitarian-worker', offset: 0, limit: 5 })).cases.map((c) => c.number)).toEqual([2]);
        expect((await cases.page({ search: 'yanji', offset: 0, limit: 5 })).cases.map((c) => c.number)).toEqual([1, 2]);
        expect((await cases.page({ search: 'PASTOR yanji', offset: 0, limit: 5 })).cases.map((c) => c.number)).toEqual([2]);
        expect((await cases.page({ search: '국경 Tumen', offset: 0, limit: 5 })).cases.map((c) => c.number)).toEqual([3]);
        expect((await cases.page({ search: '2012-02', offset: 0, limit: 5 })).total).toBe(3);
        expect(await cases.page({ search: 'Pyongyang', offset: 0, limit: 5 })).toEqual({ cases: [], total: 0 });
        expect(await cases.get(2)).toEqual(sampleCase(2, { kind: 'humanitarian-worker', name: 'Pastor Example' }));
        await cases.upsert([sampleCase(2, { name: null, story: { ko: '이야기' } })], 'slack:U2');
        expect(await cases.get(2)).toEqual(sampleCase(2, { name: null, story: { ko: '이야기' } }));
        expect(await cases.remove(2)).toBe(true);
        expect(await cases.remove(2)).toBe(false);
        expect(await cases.get(2)).toBeNull();
      });
    });

    describe('AuditLog and AuditHistory', () => {
      it('gives back the newest entries first, with growing ids and an empty detail when none was given', async () => {
        const { audit } = ports;
        await audit.record({ actor: 'slack:U1', action: 'export', detail: { rows: 12 }, at: new Date('2026-12-01T12:00:00Z') });
        await audit.record({ actor: 'slack:U2', action: 'announce', at: new Date('2026-12-01T12:01:00Z') });
        await audit.record({ actor: 'slack:U1', action: 'list.remove', detail: { number: 7, sample: false, note: 'x' }, at: new Date('2026-12-01T12:02:00Z') });
        const latest = await audit.latest(2);
        expect(latest.map(({ id: _id, ...entry }) => entry)).toEqual([
          { actor: 'slack:U1', action: 'list.remove', detail: { number: 7, sample: false, note: 'x' }, at: new Date('2026-12-01T12:02:00Z') },
          { actor: 'slack:U2', action: 'announce', detail: {}, at: new Date('2026-12-01T12:01:00Z') },
        ]);
        expect(latest[0]!.id).toBeGreaterThan(latest[1]!.id);
        expect(await audit.latest(10)).toHaveLength(3);
      });
    });

    describe('SigningActivity', () => {
      it('adds counts per minute, scope and key, and returns every count from the minute of `since` on', async () => {
        const { signingActivity } = ports;
        const minute = (m: number) => new Date(Date.UTC(2026, 11, 1, 12, m));
        expect(await signingActivity.exchange(CAMPAIGN, [], minute(0))).toEqual([]);
        await signingActivity.exchange(
          CAMPAIGN,
          [
            { minute: minute(1), scope: 'all', key: '', count: 3 },
            { minute: minute(1), scope: 'referral', key: 'rABC', count: 2 },
            { minute: minute(2), scope: 'all', key: '', count: 1 },
          ],
          minute(0),
        );
        const shared = await signingActivity.exchange(CAMPAIGN, [{ minute: minute(1), scope: 'all', key: '', count: 4 }], new Date(minute(1).getTime() + 30_000));
        const sorted = (counts: typeof shared) =>
          counts.map((c) => [c.minute.toISOString(), c.scope, c.key, c.count].join(' ')).sort();
        expect(sorted(shared)).toEqual(['2026-12-01T12:01:00.000Z all  7', '2026-12-01T12:01:00.000Z referral rABC 2', '2026-12-01T12:02:00.000Z all  1']);
        expect(sorted(await signingActivity.exchange(CAMPAIGN, [], minute(2)))).toEqual(['2026-12-01T12:02:00.000Z all  1']);
        expect(await signingActivity.exchange('other-campaign', [], minute(0))).toEqual([]);
      });
    });

    describe('EventJournal', () => {
      const event = { source: 'telegram', id: '731100042' };

      it('handles an event once: busy while answered, a replay once the lease ran out, nothing after delivery', async () => {
        const { journal } = ports;
        expect(await journal.seen(event)).toBe(false);
        let runs = 0;
        const handle = async () => {
          runs += 1;
          return [{ text: `reply ${runs}` }];
        };
        expect(await journal.once(event, 'telegram:7', handle)).toEqual({ kind: 'handled', result: [{ text: 'reply 1' }] });
        expect(await journal.seen(event)).toBe(true);
        await expect(journal.once(event, 'telegram:7', handle)).rejects.toBeInstanceOf(EventBusyError);
        clock.set('2026-12-01T12:00:31Z');
        expect(await journal.once(event, 'telegram:7', handle)).toEqual({ kind: 'replay', result: [{ text: 'reply 1' }] });
        await journal.delivered(event);
        expect(await journal.once(event, 'telegram:7', handle)).toEqual({ kind: 'done' });
        expect(runs).toBe(1);
        // Another source's event with the same id is another event.
        expect(await journal.once({ source: 'discord', id: '731100042' }, 'discord:7', handle)).toMatchObject({ kind: 'handled' });
      });

      it('keeps no claim when the handler fails, so a redelivery handles it afresh', async () => {
        const { journal } = ports;
        await expect(
          journal.once(event, 'telegram:7', async () => {
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await journal.seen(event)).toBe(false);
        expect(await journal.once(event, 'telegram:7', async () => 'second try')).toEqual({ kind: 'handled', result: 'second try' });
      });
    });

    describe('ReviewStore', () => {
      const stamp = { actor: 'slack:U0STAFF', at: new Date('2026-12-01T12:00:00Z') };
      const at = (minute: number) => new Date(Date.UTC(2026, 10, 29, 15, minute));
      const seed = async () => {
        const { signatures } = ports;
        await signatures.insert(CAMPAIGN, 'v1', signature({ signedAt: at(0) }));
        await signatures.insert(CAMPAIGN, 'w1', signature({ heldRule: 'watch-list', signedAt: at(1), displayName: 'Held One' }));
        await signatures.insert(CAMPAIGN, 'w2', signature({ heldRule: 'watch-list', signedAt: at(2), displayName: 'Held Two' }));
        await signatures.insert(CAMPAIGN, 's1', signature({ heldRule: 'surge-referral', referral: 'rBurst', signedAt: at(3) }));
        await signatures.insert(CAMPAIGN, 's2', signature({ heldRule: 'surge-referral', referral: 'rBurst', signedAt: at(3) }));
        await signatures.insert(CAMPAIGN, 's3', signature({ heldRule: 'surge-referral', referral: 'rBurst', signedAt: at(4) }));
        await signatures.insert(CAMPAIGN, 'n1', signature({ heldRule: 'new-account', signedAt: at(5), platform: 'discord' }));
        await signatures.insert('other-campaign', 'x1', signature({ heldRule: 'watch-list' }));
        const ids: number[] = [];
        for (let id = 1; ids.length < 7 && id < 100; id++) if (await ports.reviews.get(CAMPAIGN, id)) ids.push(id);
        return ids;
      };

      it('groups held signatures by rule, most first, with the newest as a sample', async () => {
        const [v1, w1, w2, s1, s2, s3] = await seed();
        const groups = await ports.reviews.heldGroups(CAMPAIGN, 2);
        expect(groups.map((g) => [g.rule, g.count])).toEqual([
          ['surge-referral', 3],
          ['watch-list', 2],
          ['new-account', 1],
        ]);
        expect(groups[0]).toMatchObject({ firstAt: at(3), lastAt: at(4) });
        expect(groups[0]!.sample.map((r) => r.id)).toEqual([s3, Math.max(s1!, s2!)]);
        expect(groups[1]!.sample[0]).toEqual({
          id: w2,
          displayName: 'Held Two',
          nameStyle: 'full',
          country: 'KR',
          platform: 'telegram',
          referral: null,
          signedAt: at(2),
          state: 'held',
          heldRule: 'watch-list',
        });
        expect((await ports.reviews.heldGroups(CAMPAIGN, 0))[0]!.sample).toEqual([]);
        expect(await ports.reviews.heldCount(CAMPAIGN)).toBe(6);
        expect(await ports.reviews.get(CAMPAIGN, v1!)).toMatchObject({ state: 'valid', heldRule: null });
        expect(await ports.reviews.get(CAMPAIGN, w1!)).toMatchObject({ displayName: 'Held One' });
        expect(await ports.reviews.get(CAMPAIGN, 999_999)).toBeNull();
      });

      it('approves and invalidates by every criterion at once, each row once, and counts held, invalid and approved', async () => {
        const [v1, w1, , s1, s2] = await seed();
        const { reviews } = ports;
        expect(await reviews.count(CAMPAIGN, { referral: 'rBurst' }, ['held'])).toBe(3);
        expect(await reviews.count(CAMPAIGN, { referral: 'rBurst', from: at(4) }, ['held'])).toBe(1);
        expect(await reviews.count(CAMPAIGN, { to: at(3) }, ['held', 'valid'])).toBe(3);
        expect(await reviews.approve(CAMPAIGN, { ids: [s1!, s2!, v1!] }, stamp)).toBe(2);
        expect(await reviews.approve(CAMPAIGN, { ids: [s1!, s2!] }, stamp)).toBe(0);
        expect(await reviews.invalidate(CAMPAIGN, { rule: 'watch-list' }, ['held'], 'automated', stamp)).toBe(2);
        expect(await reviews.invalidate(CAMPAIGN, { ids: [w1!] }, ['held', 'valid', 'invalid'], 'other', stamp)).toBe(0);
        expect(await reviews.invalidate(CAMPAIGN, { ids: [v1!] }, ['invalid'], 'other', stamp)).toBe(0);
        expect(await reviews.invalidate(CAMPAIGN, { ids: [v1!] }, ['held', 'valid'], 'duplicate', stamp)).toBe(1);
        expect(await reviews.get(CAMPAIGN, s1!)).toMatchObject({ state: 'valid', heldRule: 'surge-referral' });
        expect(await reviews.counts(CAMPAIGN)).toEqual({
          held: { total: 2, byRule: { 'surge-referral': 1, 'new-account': 1 } },
          invalid: { total: 3, byReason: { automated: 2, duplicate: 1 } },
          approved: { total: 2, byRule: { 'surge-referral': 2 } },
        });
        // Approved signatures count; invalid ones do not.
        expect((await ports.signatures.totals(CAMPAIGN)).total).toBe(2);
      });

      it('finds the first signature of the campaign whose signer key matches, in id order', async () => {
        const [, w1, w2] = await seed();
        const { reviews } = ports;
        expect(await reviews.findId(CAMPAIGN, (key) => key === 'w1')).toBe(w1);
        expect(await reviews.findId(CAMPAIGN, (key) => key.startsWith('w'))).toBe(w1);
        expect(await reviews.findId(CAMPAIGN, (key) => key === 'w2')).toBe(w2);
        expect(await reviews.findId(CAMPAIGN, (key) => key === 'x1')).toBeNull();
        expect(await reviews.findId('other-campaign', (key) => key === 'x1')).toEqual(expect.any(Number));
      });

      it('redacts a full name to initials only while it is still the expected one', async () => {
        const [, w1] = await seed();
        const { reviews } = ports;
        expect(await reviews.redactName(CAMPAIGN, w1!, 'Someone Else', 'S. E.')).toBe(false);
        expect(await reviews.redactName(CAMPAIGN, w1!, 'Held One', 'H. O.')).toBe(true);
        expect(await reviews.redactName(CAMPAIGN, w1!, 'Held One', 'H. O.')).toBe(false);
        expect(await reviews.get(CAMPAIGN, w1!)).toMatchObject({ displayName: 'H. O.', nameStyle: 'initials' });
        expect(await reviews.redactName('other-campaign', w1!, 'H. O.', 'H.')).toBe(false);
      });
    });

    describe('delivery day: targets, records, paper signatures', () => {
      const target = (embassy: string): DeliveryTarget => ({ embassy, embassyZh: '中华人民共和国驻大韩民国大使馆', address: null, organisation: 'NKFC', visitAt: '2026-12-10T10:00', timeZone: 'Asia/Seoul' });

      it('keeps one target per country, replaced by the next, removable once', async () => {
        const { deliveryTargets } = ports;
        expect(await deliveryTargets.all(CAMPAIGN)).toEqual({});
        await deliveryTargets.set(CAMPAIGN, 'KR', target('Embassy A'), 'slack:U1');
        await deliveryTargets.set(CAMPAIGN, 'US', target('Embassy US'), 'slack:U1');
        await deliveryTargets.set(CAMPAIGN, 'KR', target('Embassy B'), 'slack:U2');
        await deliveryTargets.set('other-campaign', 'JP', target('Embassy JP'), 'slack:U2');
        const all = await deliveryTargets.all(CAMPAIGN);
        expect(all).toEqual({ KR: target('Embassy B'), US: target('Embassy US') });
        expect(Object.keys(all)).toEqual(['KR', 'US']);
        expect(await deliveryTargets.remove(CAMPAIGN, 'KR')).toBe(true);
        expect(await deliveryTargets.remove(CAMPAIGN, 'KR')).toBe(false);
        expect(await deliveryTargets.all(CAMPAIGN)).toEqual({ US: target('Embassy US') });
      });

      it('adds delivery records with ids and lists them oldest first', async () => {
        const { deliveryRecords } = ports;
        const record = { country: 'KR', status: 'accepted' as const, note: null, photoUrl: null, online: 1204, paper: 120, recordedAt: new Date('2026-12-10T01:00:00Z'), recordedBy: 'slack:U1' };
        const first = await deliveryRecords.add(CAMPAIGN, record);
        const second = await deliveryRecords.add(CAMPAIGN, { ...record, country: 'US', status: 'refused', note: 'Closed door', online: 80, paper: 0 });
        await deliveryRecords.add('other-campaign', record);
        expect(first).toEqual({ ...record, id: first.id });
        expect(second.id).toBeGreaterThan(first.id);
        expect(await deliveryRecords.all(CAMPAIGN)).toEqual([first, second]);
      });

      it('counts paper batches per country until reversed, and lists every batch newest first', async () => {
        const { paper } = ports;
        const batch = { country: 'KR', count: 120, event: 'Seoul vigil', addedAt: new Date('2026-12-01T10:00:00Z'), addedBy: 'slack:U1' };
        const a = await paper.add(CAMPAIGN, batch);
        const b = await paper.add(CAMPAIGN, { ...batch, count: 30, event: 'Busan vigil' });
        const c = await paper.add(CAMPAIGN, { ...batch, country: 'CA', count: 7 });
        await paper.add('other-campaign', batch);
        expect(a).toEqual({ ...batch, id: a.id, reversedAt: null });
        expect(await paper.totals(CAMPAIGN)).toEqual({ CA: 7, KR: 150 });
        const reversedAt = new Date('2026-12-02T10:00:00Z');
        expect(await paper.reverse(CAMPAIGN, b.id, reversedAt)).toEqual({ ...b, reversedAt });
        expect(await paper.reverse(CAMPAIGN, b.id, new Date('2026-12-03T10:00:00Z'))).toEqual({ ...b, reversedAt });
        expect(await paper.reverse(CAMPAIGN, 999_999, reversedAt)).toBeNull();
        expect(await paper.reverse('other-campaign', c.id, reversedAt)).toBeNull();
        expect(await paper.totals(CAMPAIGN)).toEqual({ CA: 7, KR: 120 });
        expect((await paper.batches(CAMPAIGN)).map((x) => [x.id, x.reversedAt])).toEqual([
          [c.id, null],
          [b.id, reversedAt],
          [a.id, null],
        ]);
      });
    });

    describe('ReferralStore', () => {
      it('keeps one community per code (a rename keeps its place), and counts valid signatures per code, most first', async () => {
        const { referrals, signatures } = ports;
        await referrals.saveCommunity(CAMPAIGN, { code: 'cB', platform: 'discord', name: 'Seoul volunteers' }, new Date('2026-11-20T00:00:00Z'));
        await referrals.saveCommunity(CAMPAIGN, { code: 'cA', platform: 'telegram', name: null }, new Date('2026-11-21T00:00:00Z'));
        await referrals.saveCommunity(CAMPAIGN, { code: 'cB', platform: 'discord', name: 'Seoul friends' }, new Date('2026-11-22T00:00:00Z'));
        expect(await referrals.communities(CAMPAIGN)).toEqual([
          { code: 'cB', platform: 'discord', name: 'Seoul friends' },
          { code: 'cA', platform: 'telegram', name: null },
        ]);
        expect(await referrals.community(CAMPAIGN, 'cA')).toEqual({ code: 'cA', platform: 'telegram', name: null });
        expect(await referrals.community(CAMPAIGN, 'nope')).toBeNull();

        await signatures.insert(CAMPAIGN, 'k1', signature({ referral: 'cA', country: 'KR' }));
        await signatures.insert(CAMPAIGN, 'k2', signature({ referral: 'cA', country: 'US', signedOn: '2026-11-30' }));
        await signatures.insert(CAMPAIGN, 'k3', signature({ referral: 'rX', country: 'KR' }));
        await signatures.insert(CAMPAIGN, 'k4', signature({ referral: 'rX', heldRule: 'watch-list' }));
        await signatures.insert(CAMPAIGN, 'k5', signature());
        expect(await referrals.tally(CAMPAIGN)).toEqual([
          { referral: 'cA', count: 2, nations: 2 },
          { referral: 'rX', count: 1, nations: 1 },
        ]);
        expect(await referrals.tally(CAMPAIGN, { codes: ['rX'] })).toEqual([{ referral: 'rX', count: 1, nations: 1 }]);
        expect(await referrals.tally(CAMPAIGN, { codes: [] })).toEqual([]);
        expect(await referrals.tally(CAMPAIGN, { limit: 1 })).toEqual([{ referral: 'cA', count: 2, nations: 2 }]);
        expect(await referrals.perDay(CAMPAIGN)).toEqual([
          { day: '2026-11-29', count: 2 },
          { day: '2026-11-30', count: 1 },
        ]);
      });
    });

    describe('PackSnapshotStore', () => {
      // A made-up receipt code per signer key: the store makes each leaf from its digest, by leaf format 1.
      const codeOf = (signerKey: string) => `CODE-${signerKey}`;
      const request = (frozenAt: string, final = false): FreezeRequest => ({
        campaignId: CAMPAIGN,
        frozenAt: new Date(frozenAt),
        final,
        receiptDigestOf: (signerKey) => receiptDigest(codeOf(signerKey)),
        context: { paper: { KR: 120 }, targets: {}, list: { total: 0, byKind: { refugee: 0, 'humanitarian-worker': 0 }, cases: [] } },
      });
      const sign = (key: string, country: string, signedAt: string, over: Partial<NewSignature> = {}) =>
        ports.signatures.insert(CAMPAIGN, key, signature({ country, signedAt: new Date(signedAt), signedOn: signedAt.slice(0, 10), displayName: `Name ${key}`, ...over }));
      const rowsOf = async (id: number, country: string) => {
        const rows = [];
        for await (const batch of ports.packSnapshots.rowBatches(id, country)) rows.push(...batch);
        return rows;
      };

      it('freezes the valid signatures up to the instant, in signing order, with the tree of merkle.ts over leaves sorted by hash', async () => {
        const { packSnapshots } = ports;
        expect(await packSnapshots.latest(CAMPAIGN)).toBeNull();
        const empty = await packSnapshots.freeze(request('2026-11-29T00:00:00Z'));
        expect(empty).toMatchObject({ created: true, snapshot: { total: 0, byCountry: {}, merkleRoot: EMPTY_ROOT.toString('hex'), final: false } });
        await sign('a', 'KR', '2026-11-29T10:00:00Z');
        await sign('b', 'US', '2026-11-29T11:00:00Z', { displayName: null, nameStyle: 'anonymous' });
        await sign('c', 'KR', '2026-11-30T09:00:00Z');
        await sign('d', 'KR', '2026-11-30T09:30:00Z', { heldRule: 'watch-list' });
        await sign('e', 'CA', '2026-11-30T11:00:00Z');
        await sign('late', 'KR', '2026-12-01T12:00:00.001Z');
        const { snapshot, created } = await packSnapshots.freeze(request('2026-12-01T12:00:00Z'));
        expect(created).toBe(true);
        const leaves = ['a', 'b', 'c', 'e'].map((k, i) => signatureLeaf(CAMPAIGN, codeOf(k), ['KR', 'US', 'KR', 'CA'][i]!, ['2026-11-29', '2026-11-29', '2026-11-30', '2026-11-30'][i]!));
        const sorted = [...leaves].sort(Buffer.compare);
        expect(snapshot).toEqual({
          id: snapshot.id,
          campaignId: CAMPAIGN,
          frozenAt: new Date('2026-12-01T12:00:00Z'),
          final: false,
          total: 4,
          byCountry: { CA: 1, KR: 2, US: 1 },
          merkleRoot: merkleRoot(sorted).toString('hex'),
          leafVersion: 1,
          context: request('x').context,
        });
        expect(snapshot.id).toBeGreaterThan(empty.snapshot.id);
        expect(await rowsOf(snapshot.id, 'KR')).toEqual([
          { displayName: 'Name a', country: 'KR', signedOn: '2026-11-29' },
          { displayName: 'Name c', country: 'KR', signedOn: '2026-11-30' },
        ]);
        expect(await rowsOf(snapshot.id, 'US')).toEqual([{ displayName: null, country: 'US', signedOn: '2026-11-29' }]);
        expect(await rowsOf(snapshot.id, 'JP')).toEqual([]);

        // Every leaf is where sorting puts it, and the audit path's nodes rebuild the root.
        for (const [i, key] of ['a', 'b', 'c', 'e'].entries()) {
          const found = await packSnapshots.findLeaf(snapshot.id, receiptDigest(codeOf(key)));
          expect(found).toEqual({ leafIndex: sorted.findIndex((l) => l.equals(leaves[i]!)), leaf: leaves[i] });
          const path = auditPathPositions(found!.leafIndex, 4);
          const nodes = await packSnapshots.nodes(snapshot.id, path);
          expect(nodes.map((n, j) => n.equals(path[j]!.level === 0 ? sorted[path[j]!.index]! : merkleRoot(sorted.slice(path[j]!.index * 2, path[j]!.index * 2 + 2))))).toEqual(path.map(() => true));
        }
        expect(await packSnapshots.findLeaf(snapshot.id, receiptDigest(codeOf('d')))).toBeNull();
        expect(await packSnapshots.findLeaf(snapshot.id, receiptDigest(codeOf('late')))).toBeNull();
        expect((await packSnapshots.nodes(snapshot.id, [{ level: 2, index: 0 }]))[0]!.toString('hex')).toBe(snapshot.merkleRoot);
        await expect(packSnapshots.nodes(snapshot.id, [{ level: 5, index: 0 }])).rejects.toThrow();
        expect(await packSnapshots.nodes(snapshot.id, [])).toEqual([]);
      });

      it('stores a tree of more than one run of nodes per level (over 1,024 leaves), whose proofs rebuild the root', async () => {
        const { packSnapshots, signatures } = ports;
        const keys = Array.from({ length: 2_100 }, (_, i) => `many-${i}`);
        const countries = ['KR', 'US', 'JP'];
        await Promise.all(keys.map((k, i) => signatures.insert(CAMPAIGN, k, signature({ country: countries[i % 3]!, signedAt: new Date('2026-11-29T10:00:00Z'), signedOn: '2026-11-29', displayName: `Name ${i}` }))));
        const { snapshot } = await packSnapshots.freeze(request('2026-12-01T00:00:00Z'));
        const leaves = keys.map((k, i) => signatureLeaf(CAMPAIGN, codeOf(k), countries[i % 3]!, '2026-11-29'));
        const sorted = [...leaves].sort(Buffer.compare);
        expect(snapshot).toMatchObject({ total: 2_100, merkleRoot: merkleRoot(sorted).toString('hex') });
        // Leaves in the first, second and last (partly filled) run of level 0.
        for (const i of [0, 1_023, 1_024, 2_047, 2_048, 2_099]) {
          const key = keys[leaves.findIndex((l) => l.equals(sorted[i]!))]!;
          const found = await packSnapshots.findLeaf(snapshot.id, receiptDigest(codeOf(key)));
          expect(found?.leafIndex).toBe(i);
          const proof = await packSnapshots.nodes(snapshot.id, auditPathPositions(i, 2_100));
          expect(verifyInclusion({ leaf: sorted[i]!, leafIndex: i, treeSize: 2_100, proof, root: merkleRoot(sorted) })).toBe(true);
        }
        expect(await rowsOf(snapshot.id, 'JP')).toHaveLength(700);
      });

      it('makes each leaf from the receipt digest kept at signing, copies a leaf kept at signing, and fills in a digest missing on an older row', async () => {
        const { packSnapshots } = ports;
        // 'kept' has a digest from signing (of a code unlike codeOf's, so its use shows); 'older' has none.
        await sign('kept', 'KR', '2026-11-29T10:00:00Z', { receiptDigest: receiptDigest('KEPT-AT-SIGNING') });
        await sign('older', 'JP', '2026-11-29T11:00:00Z', { displayName: '山田 花子' });
        const { snapshot } = await packSnapshots.freeze(request('2026-12-01T00:00:00Z'));
        const kept = signatureLeaf(CAMPAIGN, 'KEPT-AT-SIGNING', 'KR', '2026-11-29');
        const older = signatureLeaf(CAMPAIGN, codeOf('older'), 'JP', '2026-11-29');
        expect(snapshot.merkleRoot).toBe(merkleRoot([kept, older].sort(Buffer.compare)).toString('hex'));
        expect((await packSnapshots.findLeaf(snapshot.id, receiptDigest('KEPT-AT-SIGNING')))?.leaf).toEqual(kept);
        expect((await packSnapshots.findLeaf(snapshot.id, receiptDigest(codeOf('older'))))?.leaf).toEqual(older);
        expect(await packSnapshots.findLeaf(snapshot.id, receiptDigest(codeOf('kept')))).toBeNull();
        // A leaf kept at signing is copied as it is (signing makes it from the same digest, country and day).
        const marked = Buffer.alloc(32, 7);
        await sign('kept-leaf', 'US', '2026-11-29T12:00:00Z', { receiptDigest: receiptDigest('KEPT-LEAF'), leaf: marked });
        const withLeaf = (await packSnapshots.freeze(request('2026-12-01T12:00:00Z'))).snapshot;
        expect((await packSnapshots.findLeaf(withLeaf.id, receiptDigest('KEPT-LEAF')))?.leaf).toEqual(marked);
        expect(withLeaf.merkleRoot).toBe(merkleRoot([kept, older, marked].sort(Buffer.compare)).toString('hex'));
        // Filled in once: the next freeze no longer needs receiptDigestOf for it.
        const again = await packSnapshots.freeze({ ...request('2026-12-02T00:00:00Z'), receiptDigestOf: () => { throw new Error('asked again'); } });
        expect(again.snapshot.merkleRoot).toBe(withLeaf.merkleRoot);
      });

      it('hands over the rows while it freezes them, where it can: the snapshot\'s rows, largest country first, none signed after', async () => {
        const { packSnapshots } = ports;
        for (const [key, country] of [['a', 'KR'], ['b', 'US'], ['c', 'KR'], ['d', 'JP'], ['e', 'KR'], ['f', 'US']] as const) await sign(key, country, '2026-11-29T10:00:00Z');
        const readings: FreezeReading[] = [];
        let signedMeanwhile: Promise<unknown> | null = null;
        const { snapshot } = await packSnapshots.freeze(request('2026-12-01T00:00:00Z'), (reading) => {
          readings.push(reading);
          // Committed while the freeze runs, signed before its instant: in neither the snapshot nor the reading.
          signedMeanwhile = sign('meanwhile', 'JP', '2026-11-30T10:00:00Z');
        });
        // Postgres reads on a second connection; PGlite has one session, and the in-memory store has nothing to overlap.
        expect(readings.length).toBe(backend.name === 'postgres' ? 1 : 0);
        await signedMeanwhile;
        expect(snapshot.byCountry).toEqual({ KR: 3, US: 2, JP: 1 });
        for (const reading of readings) {
          expect(reading.byCountry).toEqual(snapshot.byCountry);
          expect(reading.countries).toEqual(['KR', 'US', 'JP']);
          const rows: unknown[] = [];
          for await (const batch of reading.rows()) rows.push(...batch);
          const frozen = [];
          for (const country of reading.countries) frozen.push(...(await rowsOf(snapshot.id, country)));
          expect(rows).toEqual(frozen);
          await reading.close();
          await reading.close();
        }
        // The signature made meanwhile is in the next snapshot.
        expect((await packSnapshots.freeze(request('2026-12-01T01:00:00Z'))).snapshot.byCountry).toEqual({ KR: 3, US: 2, JP: 1 + readings.length });
      });

      it('fails a read of rows that a later freeze removed while they were read, instead of ending it short', async () => {
        // Two packs made at once (staff in Slack while the CLI runs): the second freeze removes the first
        // snapshot's rows while the first pack is still drawing them. That pack must fail, not print a
        // country with fewer signatures than its letter counts.
        const { packSnapshots } = ports;
        for (const key of ['a', 'b', 'c', 'd', 'e']) await sign(key, 'KR', '2026-11-29T10:00:00Z');
        const first = (await packSnapshots.freeze(request('2026-11-30T00:00:00Z'))).snapshot;
        expect(first.byCountry).toEqual({ KR: 5 });
        const read: unknown[] = [];
        const reading = (async () => {
          // Batches of 2 here: the first is drawn while the second is read; the third comes after the second freeze.
          for await (const batch of packSnapshots.rowBatches(first.id, 'KR')) {
            read.push(...batch);
            if (read.length === 2) await packSnapshots.freeze(request('2026-12-01T00:00:00Z'));
          }
        })();
        const outcome = await reading.then(
          () => 'complete',
          (error: Error) => error.message,
        );
        // A store that hands all five over in one batch has finished before the second freeze; one that
        // reads them a batch at a time (Postgres, PGlite) fails. Never fewer rows without an error.
        if (read.length === 5) expect(outcome).toBe('complete');
        else expect(outcome).toMatch(/no longer has its rows/);
      });

      it('keeps one final snapshot, which latest returns from then on; interim ones lose their rows; names can be erased', async () => {
        const { packSnapshots } = ports;
        await sign('a', 'KR', '2026-11-29T10:00:00Z');
        await sign('b', 'KR', '2026-11-29T11:00:00Z');
        const first = (await packSnapshots.freeze(request('2026-11-30T00:00:00Z'))).snapshot;
        await sign('c', 'KR', '2026-11-30T11:00:00Z');
        const second = (await packSnapshots.freeze(request('2026-12-01T00:00:00Z'))).snapshot;
        expect(await packSnapshots.latest(CAMPAIGN)).toEqual(second);
        expect(await packSnapshots.final(CAMPAIGN)).toBeNull();
        // Its header stays (its root was printed), but reading its rows now says they are gone rather than finding none.
        await expect(rowsOf(first.id, 'KR')).rejects.toThrow(/no longer has its rows/);
        expect(await packSnapshots.findLeaf(first.id, receiptDigest(codeOf('a')))).toBeNull();
        expect(await rowsOf(second.id, 'KR')).toHaveLength(3);

        const final = await packSnapshots.freeze(request('2026-12-11T00:00:00Z', true));
        expect(final).toMatchObject({ created: true, snapshot: { final: true, total: 3 } });
        await sign('d', 'KR', '2026-12-11T01:00:00Z');
        expect(await packSnapshots.freeze(request('2026-12-12T00:00:00Z', true))).toEqual({ created: false, snapshot: final.snapshot });
        const interim = (await packSnapshots.freeze(request('2026-12-12T00:00:00Z'))).snapshot;
        expect(interim.total).toBe(4);
        expect(await packSnapshots.latest(CAMPAIGN)).toEqual(final.snapshot);
        expect(await packSnapshots.final(CAMPAIGN)).toEqual(final.snapshot);
        // The final snapshot keeps its rows whatever comes after it.
        expect(await rowsOf(final.snapshot.id, 'KR')).toHaveLength(3);

        expect(await packSnapshots.eraseNames(CAMPAIGN)).toBe(7);
        expect((await rowsOf(final.snapshot.id, 'KR')).every((r) => r.displayName === null)).toBe(true);
        expect(await packSnapshots.eraseNames(CAMPAIGN)).toBe(0);
        expect(await packSnapshots.latest('other-campaign')).toBeNull();
      });
    });
  });
}
