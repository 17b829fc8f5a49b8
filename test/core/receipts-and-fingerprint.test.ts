import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
/**
 * Receipts and the fingerprint (issue 11, item 4): the snapshot's Merkle root
 * changes when one signature is changed, added or removed; a receipt's proof
 * verifies against the root and a tampered one does not; the tree storage
 * builds in SQL is the one merkle.ts defines. On PGlite and, with
 * TEST_DATABASE_URL, on the real Postgres.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { leafHash, merkleRoot, nodeHash, verifyInclusion, EMPTY_ROOT } from '../../src/core/merkle.ts';
import { normalizeReceiptCode, signatureLeaf } from '../../src/core/receipt.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { DRIVERS, freshDatabaseUrl } from '../support/databases.ts';
import { createTestApp, testClock } from '../support/test-app.ts';

describe('merkle.ts follows RFC 6962', () => {
  it('splits at the largest power of two below n, with 0x00/0x01 prefixes', () => {
    const l = [0, 1, 2, 3, 4].map((i) => leafHash(Buffer.from([i])));
    expect(merkleRoot([])).toEqual(EMPTY_ROOT);
    expect(merkleRoot([l[0]!])).toEqual(l[0]);
    expect(merkleRoot(l.slice(0, 3))).toEqual(nodeHash(nodeHash(l[0]!, l[1]!), l[2]!));
    // n = 5: k = 4, MTH = H(MTH(0..4), l4)
    expect(merkleRoot(l)).toEqual(nodeHash(nodeHash(nodeHash(l[0]!, l[1]!), nodeHash(l[2]!, l[3]!)), l[4]!));
    // A leaf is not a node: the same bytes hashed as leaf and as node differ.
    expect(leafHash(Buffer.concat([l[0]!, l[1]!]))).not.toEqual(nodeHash(l[0]!, l[1]!));
  });

  it('hashes a node as SHA-256(0x01 || left || right), one node after another', () => {
    const sha = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
    const [a, b, c] = [7, 8, 9].map((i) => sha(Buffer.of(i)));
    // Back to back, and with the sides swapped: nothing of one node is left in the next.
    expect(nodeHash(a!, b!)).toEqual(sha(Buffer.of(1), a!, b!));
    expect(nodeHash(c!, a!)).toEqual(sha(Buffer.of(1), c!, a!));
    expect(nodeHash(b!, a!)).toEqual(sha(Buffer.of(1), b!, a!));
    expect(leafHash(Buffer.from('x'))).toEqual(sha(Buffer.of(0), Buffer.from('x')));
    // Not two hashes long: hashed all the same.
    expect(nodeHash(Buffer.from('ab'), Buffer.from('cde'))).toEqual(sha(Buffer.of(1), Buffer.from('abcde')));
  });

  it('reads receipt codes as people type them and refuses anything else', () => {
    expect(normalizeReceiptCode('7k2m q9xd 4rtb w1hz')).toBe('7K2M-Q9XD-4RTB-W1HZ');
    expect(normalizeReceiptCode('7K2M-Q9XD-4RTB-WIHZ')).toBe('7K2M-Q9XD-4RTB-W1HZ');
    for (const bad of ['', 'abc', '7K2M-Q9XD-4RTB-W1HU', "1' or 1=1 --", '7K2M-Q9XD-4RTB-W1HZ-0000', 'x'.repeat(10_000), '7K2M\u0000Q9XD4RTBW1HZ']) {
      expect(normalizeReceiptCode(bad)).toBeNull();
    }
  });
});

for (const driver of DRIVERS) {
  describe.skipIf(!driver.enabled)(`the snapshot fingerprint (${driver.name})`, () => {
    let app: App;
    let drop: () => Promise<void>;
    const clock = testClock('2026-11-29T15:00:00Z');
    const sign = (userId: string, country: string, name = 'Made Up Person', platform = 'telegram') =>
      app.core.petition.sign({ platform, userId }, { name: { style: 'full', name }, country, language: 'en' });

    beforeAll(async () => {
      const fresh = await freshDatabaseUrl(driver.name);
      drop = fresh.drop;
      app = await createTestApp({ url: fresh.url, clock, audit: { record: async () => {} } });
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });
    beforeEach(async () => {
      await app.database.db.execute('truncate signatures, signature_tallies, signature_daily, pack_snapshots, pack_snapshot_rows cascade' as never);
      clock.set('2026-11-29T15:00:00Z');
    });

    const freeze = async () => (await app.core.snapshots.freeze({ actor: 'test' })).snapshot;

    it('builds in SQL the tree merkle.ts defines, over leaves sorted by hash, kept at signing or made in the database', async () => {
      const countries = ['KR', 'US', 'CA', 'JP', 'KR', 'DE', 'KR'];
      for (const [i, cc] of countries.entries()) await sign(`u${i}`, cc);
      const leaves = countries
        .map((cc, i) => signatureLeaf(app.core.campaign.id, app.core.receiptOfKey(app.core.keyOf({ platform: 'telegram', userId: `u${i}` })), cc, '2026-11-29'))
        .sort(Buffer.compare);
      // Signing kept every receipt digest and leaf: the freeze copies the leaves.
      const kept = rowsOf<{ leaf: string }>(await app.database.db.execute(sql`select encode(leaf, 'hex') as leaf from signatures where receipt_digest is not null`));
      expect(kept.map((r) => r.leaf).sort()).toEqual(leaves.map((l) => l.toString('hex')).sort());
      const snapshot = await freeze();
      expect(snapshot.merkleRoot).toBe(merkleRoot(leaves).toString('hex'));
      expect(snapshot).toMatchObject({ total: 7, final: false, leafVersion: 1, byCountry: { KR: 3, US: 1, CA: 1, JP: 1, DE: 1 } });
      // Rows signed before leaves were kept: the database makes the same leaves from their digests.
      await app.database.db.execute(sql`update signatures set leaf = null`);
      clock.set('2026-11-29T16:00:00Z');
      expect((await freeze()).merkleRoot).toBe(snapshot.merkleRoot);
    });

    it('changes the root when one signature is changed, added or removed', async () => {
      for (let i = 0; i < 5; i++) await sign(`u${i}`, 'KR');
      const base = (await freeze()).merkleRoot;
      clock.set('2026-11-29T16:00:00Z');
      expect((await freeze()).merkleRoot).toBe(base);

      await sign('u5', 'KR');
      const added = (await freeze()).merkleRoot;
      expect(added).not.toBe(base);

      await app.core.petition.withdraw({ platform: 'telegram', userId: 'u5' });
      expect((await freeze()).merkleRoot).toBe(base);
      await app.core.petition.withdraw({ platform: 'telegram', userId: 'u0' });
      const removed = (await freeze()).merkleRoot;
      expect(removed).not.toBe(base);

      // Changed: the same signer signs again from another country.
      await sign('u0', 'US');
      const changed = (await freeze()).merkleRoot;
      expect(new Set([base, added, removed, changed]).size).toBe(4);
    });

    it('proves a receipt, and a tampered proof, leaf or root does not verify', async () => {
      for (let i = 0; i < 11; i++) await sign(`u${i}`, i % 2 ? 'KR' : 'CA');
      const snapshot = await freeze();
      for (let i = 0; i < 11; i++) {
        const code = (await app.core.petition.receiptOf({ platform: 'telegram', userId: `u${i}` }))!;
        const check = await app.core.snapshots.checkReceipt(code.toLowerCase());
        if (check.status !== 'checked' || !check.included) throw new Error('expected an included receipt');
        expect(check.root).toBe(snapshot.merkleRoot);
        const leaf = signatureLeaf(app.core.campaign.id, code, i % 2 ? 'KR' : 'CA', '2026-11-29');
        expect(check.leaf).toBe(leaf.toString('hex'));
        const proof = check.proof.map((p) => Buffer.from(p, 'hex'));
        const root = Buffer.from(check.root, 'hex');
        const input = { leaf, leafIndex: check.leafIndex!, treeSize: check.treeSize, proof, root };
        expect(verifyInclusion(input)).toBe(true);
        expect(verifyInclusion({ ...input, leaf: signatureLeaf(app.core.campaign.id, code, 'US', '2026-11-29') })).toBe(false);
        const tampered = proof.map((p) => Buffer.from(p));
        tampered[0]![0]! ^= 1;
        expect(verifyInclusion({ ...input, proof: tampered })).toBe(false);
        expect(verifyInclusion({ ...input, leafIndex: (check.leafIndex! + 1) % 11 })).toBe(false);
      }
      expect(await app.core.snapshots.checkReceipt('0000-0000-0000-0000')).toMatchObject({ status: 'checked', included: false, root: snapshot.merkleRoot });
      expect(await app.core.snapshots.checkReceipt('not a code')).toEqual({ status: 'invalid' });
    });
  });
}
