/**
 * Delivery day, end to end (issue 11). Marked tests:
 *  - [two platforms → pack → receipt over HTTP]
 *  - [interim then final]
 *  - [byte-identical final packs]
 *  - [tampered PDF fails its manifest hash]
 *  - [extracted text: Hangul, Chinese, names, fingerprint]
 * PDF text is extracted with pdftotext (poppler-utils).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { ChatBot } from '../../src/chat/index.ts';
import { DomainError } from '../../src/core/errors.ts';
import { verifyInclusion } from '../../src/core/merkle.ts';
import { signatureLeaf } from '../../src/core/receipt.ts';
import { loadPackFonts } from '../../src/pack/fonts.ts';
import { layoutText } from '../../src/pack/text-lines.ts';
import { sha256File, writeDeliveryPack, type PackManifest } from '../../src/pack/write-pack.ts';
import { zipPack } from '../../src/pack/zip-pack.ts';
import { close, createHttpServer, listen } from '../../src/server/http-server.ts';
import { createMetrics } from '../../src/server/metrics.ts';
import { operationsRoutes } from '../../src/server/operations-routes.ts';
import { ping } from '../../src/storage/database.ts';
import { rowsOf } from '../../src/storage/rows.ts';
import { createStatsFeed, readPublicFigures } from '../../src/web/stats-feed.ts';
import { chatUser } from '../support/chat-users.ts';
import { DRIVERS, freshDatabaseUrl } from '../support/databases.ts';
import { createTestApp, testClock } from '../support/test-app.ts';

const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
/** pdftotext marks right-to-left runs with embedding controls; compare without them. */
const plain = (text: string) => text.replace(/[\u202a-\u202e\u200e\u200f]/g, '').replace(/[ \n]+/g, ' ');

const SIGNERS = [
  { platform: 'telegram', userId: '101', name: '김영삼', country: 'KR', style: 'full' },
  { platform: 'discord', userId: '202', name: '王小明', country: 'KR', style: 'full' },
  { platform: 'telegram', userId: '303', name: 'محمد عبد الله', country: 'KR', style: 'full' },
  { platform: 'discord', userId: '404', name: 'דוד לוי', country: 'US', style: 'full' },
  { platform: 'telegram', userId: '505', name: 'Hubert Blaine Wolfeschlegelsteinhausenbergerdorff Senior Longname Family', country: 'US', style: 'full' },
  { platform: 'discord', userId: '606', name: 'Test Signer', country: 'CA', style: 'initials' },
  { platform: 'telegram', userId: '707', name: '', country: 'KR', style: 'anonymous' },
] as const;

describe('names in a column', () => {
  const fonts = loadPackFonts();
  it('wraps long names without overflow and lays right-to-left names out right to left', () => {
    for (const name of [SIGNERS[4].name, 'Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessen', '김영삼 王小明 Łukasz Żółć Nguyễn Thị Minh Khai Александр', 'محمد عبد الله بن عبد العزيز آل سعود', 'David (דוד לוי) Smith']) {
      const laid = layoutText(fonts, 8.5, 130, name);
      for (const line of laid.lines) expect(line.width).toBeLessThanOrEqual(130);
      // Nothing is lost: the pieces hold every letter of the name.
      const letters = (s: string) => [...s.replace(/[\s()]/g, '')].sort().join('');
      expect(letters(laid.lines.flatMap((l) => l.pieces.map((p) => p.text)).join(''))).toBe(letters(name));
    }
    expect(layoutText(fonts, 8.5, 130, SIGNERS[4].name).lines.length).toBeGreaterThan(1);
    const arabic = layoutText(fonts, 8.5, 130, 'محمد عبد الله');
    expect(arabic).toMatchObject({ rtl: true, lines: [{ pieces: [{ font: 'arabic', rtl: true }] }] });
    // In a left-to-right name, a Hebrew part keeps its place and is drawn right to left.
    const mixed = layoutText(fonts, 8.5, 300, 'David (דוד לוי) Smith');
    expect(mixed.rtl).toBe(false);
    expect(mixed.lines[0]!.pieces.map((p) => [p.text, p.rtl])).toEqual([
      ['David (', false],
      ['דוד לוי', true],
      [') Smith', false],
    ]);
  });
});

// On Postgres a pack draws the rows while the freeze copies them (it reads them on a second connection);
// on PGlite it draws them from the snapshot once frozen. Both must make the same files.
for (const driver of DRIVERS) describe.skipIf(!driver.enabled)(`delivery packs on ${driver.name}`, () => {
  let app: App;
  let dir: string;
  let server: Server;
  let base: string;
  let database: { url: string; drop(): Promise<void> };
  const fonts = loadPackFonts();
  const clock = testClock('2026-11-29T15:00:00Z');
  /** How many freezes handed their rows over before they ended. */
  let readingsHanded = 0;
  const pack = (out: string, final = false) => writeDeliveryPack(app.core, { out: join(dir, out), final, actor: 'test', publicUrl: 'https://bots.example.org/', fonts });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pack-test-'));
    database = await freshDatabaseUrl(driver.name);
    app = await createTestApp({ url: database.url, clock, audit: { record: async () => {} } });
    const freeze = app.core.snapshots.freeze.bind(app.core.snapshots);
    app.core.snapshots.freeze = (options) =>
      freeze({ ...options, onReading: options.onReading && ((early) => (readingsHanded++, options.onReading!(early))) });
    for (const s of SIGNERS) {
      const outcome = await app.core.petition.sign(
        { platform: s.platform, userId: s.userId },
        { name: s.style === 'anonymous' ? { style: 'anonymous' } : { style: s.style, name: s.name }, country: s.country, language: 'en' },
      );
      expect(outcome.status).toBe('signed');
    }
    await app.core.paper.add('KR', 120, 'Candlelight vigil, Seoul', 'slack:U1');
    await app.core.deliveryTargets.set('KR', { embassy: "Embassy of the People's Republic of China in the Republic of Korea", embassyZh: '中华人民共和国驻大韩民国大使馆', address: '27 Myeongdong 2-gil, Jung-gu, Seoul', organisation: 'Made-up Member Group', visitAt: '2026-12-10T11:00', timeZone: 'Asia/Seoul' }, 'slack:U1');
    server = createHttpServer(operationsRoutes(() => ping(app.database.db), app.core, createMetrics(app.core, app.deliveries), { feed: createStatsFeed(() => readPublicFigures(app.core), app.clock), clock: app.clock }), () => {});
    base = `http://127.0.0.1:${await listen(server, 0)}`;
  });
  afterAll(async () => {
    if (server) await close(server);
    await app?.close();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('[two platforms → pack → receipt over HTTP] a signer checks their receipt against the printed fingerprint', async () => {
    const result = await pack('interim-1');
    const who = { platform: 'discord', userId: '202' };
    const code = (await app.core.petition.receiptOf(who))!;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    // The same code comes back from signing again (nothing new stored to show it).
    const again = await app.core.petition.sign(who, { name: { style: 'anonymous' }, country: 'KR', language: 'ko' });
    expect(again).toMatchObject({ status: 'already-signed', receipt: code });

    const res = await fetch(`${base}/api/receipts/${encodeURIComponent(code.toLowerCase())}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { included: boolean; root: string; leafIndex: number; proof: string[]; frozenAt: string; final: boolean; treeSize: number };
    expect(body).toMatchObject({ included: true, root: result.manifest.merkleRoot, final: false, frozenAt: '2026-11-29T15:00:00.000Z', treeSize: 7 });
    const leaf = signatureLeaf(app.core.campaign.id, code, 'KR', '2026-11-29');
    expect(verifyInclusion({ leaf, leafIndex: body.leafIndex, treeSize: body.treeSize, proof: body.proof.map((p) => Buffer.from(p, 'hex')), root: Buffer.from(body.root, 'hex') })).toBe(true);
    // The root is the one printed in the pack.
    expect(pdfText(join(dir, 'interim-1', 'KR.pdf'))).toContain(body.root);

    const unknown = await fetch(`${base}/api/receipts/0000-0000-0000-0000`);
    expect(await unknown.json()).toMatchObject({ included: false, root: body.root, leafIndex: null, proof: [] });
    for (const bad of ['nope', "1'%20or%201=1--", 'x'.repeat(300), '%E0%A4%A']) {
      const r = await fetch(`${base}/api/receipts/${bad}`);
      expect(r.status).toBe(400);
      expect(await r.json()).toMatchObject({ error: 'invalid-code' });
    }
    expect((await fetch(`${base}/api/receipts/${code}`, { method: 'POST' })).status).toBe(405);
  });

  it('[extracted text: Hangul, Chinese, names, fingerprint] shows names as chosen, anonymous counted, paper apart', async () => {
    const { manifest } = await pack('interim-2');
    const kr = plain(pdfText(join(dir, 'interim-2', 'KR.pdf')));
    expect(kr).toContain('尊敬的中华人民共和国驻大韩民国大使馆'); // formal Chinese cover letter, target from staff
    expect(kr).toContain("To the Embassy of the People's Republic of China in the Republic of Korea");
    expect(kr).toContain(app.core.campaign.title.zh);
    // The petition in Chinese first, then English, then Korean.
    // The start of each text's body, as the campaign file has it (the salutation may recur in the cover letter).
    const [zh, en, ko] = (['zh', 'en', 'ko'] as const).map((l) => kr.indexOf(plain(app.core.campaign.petition[l].split('\n\n')[1]!.slice(0, 20))));
    expect(zh).toBeGreaterThan(0);
    expect(zh).toBeLessThan(en!);
    expect(en).toBeLessThan(ko!);
    expect(kr).toContain('탈북 난민');
    expect(kr).toContain('김영삼');
    expect(kr).toContain('王小明');
    expect(kr).toContain('محمد عبد الله');
    expect(kr).toContain('Made-up Member Group');
    // Every page's footer counts the pages its file has (footers are written once the last page is drawn).
    for (const file of ['KR.pdf', 'US.pdf', 'ALL.pdf']) {
      const path = join(dir, 'interim-2', file);
      const count = Number(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))![1]);
      expect(count, file).toBeGreaterThan(file === 'ALL.pdf' ? 0 : 4);
      const pages = pdfText(path).split('\f').slice(0, count).map(plain);
      for (const [i, page] of pages.entries()) {
        expect(page, `${file} page ${i + 1}`).toContain(`第${i + 1}页，共${count}页`);
        expect(page, `${file} page ${i + 1}`).toContain(`Page ${i + 1} of ${count}`);
      }
    }
    expect(kr).toContain('and 1 signer who chose to remain anonymous');
    expect(kr).toContain('4 online + 120 on paper = 124');
    expect(kr).toContain('THE LIST');
    expect(kr).toContain(manifest.merkleRoot);
    expect(kr).toContain('https://bots.example.org/api/receipts');

    const us = plain(pdfText(join(dir, 'interim-2', 'US.pdf')));
    expect(us).toContain('דוד לוי');
    // The long name wraps over lines of its column (see the layout test below); every part is there.
    for (const part of ['Hubert Blaine', 'Wolfeschlegelsteinhausenberger', 'Senior Longname Family']) expect(us).toContain(part);
    const ca = plain(pdfText(join(dir, 'interim-2', 'CA.pdf')));
    expect(ca).toContain('T. S.');
    expect(ca).not.toContain('Test Signer');

    const csv = await readFile(join(dir, 'interim-2', 'KR.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('Name,Country,Country code,Signed on');
    expect(csv).toContain('김영삼,South Korea,KR,2026-11-29');
    expect(csv).toContain('Anonymous,South Korea,KR,2026-11-29');
    const all = plain(pdfText(join(dir, 'interim-2', 'ALL.pdf')));
    expect(all).toContain('韩国');
    expect(all).toContain(manifest.merkleRoot);

    expect(manifest).toMatchObject({
      campaign: app.core.campaign.id,
      final: false,
      total: 7,
      paperTotal: 120,
      nations: 3,
      byCountry: { CA: { online: 1, paper: 0 }, KR: { online: 4, paper: 120 }, US: { online: 2, paper: 0 } },
      leafFormatVersion: 1,
    });
    expect(manifest.files.map((f) => f.file)).toEqual(['CA.pdf', 'CA.csv', 'KR.pdf', 'KR.csv', 'US.pdf', 'US.csv', 'ALL.pdf']);
    expect(JSON.parse(await readFile(join(dir, 'interim-2', 'manifest.json'), 'utf8'))).toEqual(manifest);
  });

  it('[tampered PDF fails its manifest hash]', async () => {
    const out = join(dir, 'interim-3');
    const { manifest } = await pack('interim-3');
    const entry = manifest.files.find((f) => f.file === 'KR.pdf')!;
    expect(await sha256File(join(out, 'KR.pdf'))).toBe(entry.sha256);
    const bytes = await readFile(join(out, 'KR.pdf'));
    // Change one name in the content (a single byte), as a forger would.
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    await writeFile(join(out, 'KR.pdf'), bytes);
    expect(await sha256File(join(out, 'KR.pdf'))).not.toBe(entry.sha256);
  });

  it('a pack that fails while it draws gives back the connection it read the rows on, and the freeze still ends', async () => {
    // A file where the pack's folder should be: writing fails after the freeze has started.
    await writeFile(join(dir, 'in-the-way'), 'not a folder');
    const before = (await app.core.snapshots.latest())?.id ?? 0;
    await expect(pack('in-the-way/pack')).rejects.toThrow(/ENOTDIR|EEXIST/);
    // The freeze was under way when writing failed; it ends on its own, a snapshot like any interim one.
    await expect.poll(async () => (await app.core.snapshots.latest())?.id ?? 0, { timeout: 5_000 }).toBeGreaterThan(before);
    if (driver.name === 'postgres') {
      const open = await app.database.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`);
      expect(rowsOf<{ n: number }>(open)[0]!.n).toBe(0);
    }
  });

  it('/receipt in chat says in words what the HTTP answer says, in the reader\'s language', async () => {
    const chat = new ChatBot({ core: app.core, send: async () => {}, recipientGone: async () => {} });
    const root = (await app.core.snapshots.latest())!.merkleRoot;
    const signer = chatUser({ signer: { platform: 'telegram', userId: '505' }, address: 'telegram:505', isPrivate: true });
    const own = await chat.command(signer, 'receipt');
    expect(own).toHaveLength(1);
    expect(own[0]!.text).toContain(`✅ Receipt ${await app.core.petition.receiptOf(signer.signer)} is in the interim snapshot of the signatures frozen on November 29, 2026 at 3:00 PM (UTC).`);
    expect(own[0]!.text).toContain(`Fingerprint of this snapshot (7 online signatures), the same as printed at the end of every embassy's pack:\n${root}`);

    // Anyone can check a code they were given, typed loosely; Korean and Chinese readers get their language.
    const code = (await app.core.petition.receiptOf({ platform: 'discord', userId: '606' }))!;
    const stranger = chatUser({ signer: { platform: 'telegram', userId: '9001' }, address: 'telegram:9001', isPrivate: true, languageTag: 'ko' });
    const [korean] = await chat.command(stranger, 'receipt', ` ${code.toLowerCase().replace(/-/g, ' ')} `);
    expect(korean!.text).toContain(`✅ 영수증 코드 ${code}: 2026년 11월 29일 15:00(UTC)에 고정한 중간 스냅숏에 포함되어 있습니다.`);
    expect(korean!.text).toContain(root);
    const [missing] = await chat.command({ ...stranger, languageTag: 'zh-CN' }, 'receipt', '0000-0000-0000-0000');
    expect(missing!.text).toContain('回执码 0000-0000-0000-0000 不在2026年11月29日 15:00（UTC）固定的中期快照中。');

    // Not a code, or no signature to take one from: a clear answer, nothing else.
    for (const bad of ["1' or 1=1--", '7K2M-Q9XD-4RTB-W1H\u202e', 'x'.repeat(200)]) {
      const [refusal] = await chat.command(stranger, 'receipt', bad);
      expect(refusal!.text).toBe('영수증 코드 형식이 아닙니다. 영수증 코드는 7K2M-Q9XD-4RTB-W1HZ와 같은 형태입니다. 봇이 보낸 코드를 그대로 복사해 주세요.');
    }
    const [tooLong] = await chat.command(stranger, 'receipt', 'x'.repeat(10_000));
    expect(tooLong!.text).toBe('메시지가 너무 깁니다. 더 짧게 보내 주세요.');
    const [none] = await chat.command(stranger, 'receipt');
    expect(none!.text).toBe('아직 서명하지 않으셔서 영수증 코드가 없습니다. 다른 사람이 받은 코드를 확인하려면 /receipt 뒤에 코드를 붙여 보내 주세요.');
    // A receipt is personal: in a group the bot sends the person to a private chat.
    const [group] = await chat.command({ ...signer, isPrivate: false, conversation: 'telegram:-100' }, 'receipt');
    expect(group!.text).not.toContain(root);
  });

  it('/count and /start in chat show "online + on paper" once paper signatures are entered', async () => {
    const chat = new ChatBot({ core: app.core, send: async () => {}, recipientGone: async () => {} });
    const reader = chatUser({ signer: { platform: 'telegram', userId: '9002' }, address: 'telegram:9002', isPrivate: true });
    const [count] = await chat.command(reader, 'count');
    expect(count!.text).toContain('7 signatures from 3 nations so far');
    expect(count!.text).toContain('With the signatures collected on paper: 7 online + 120 on paper = 127.');
    const [start] = await chat.command({ ...reader, languageTag: 'zh-CN' }, 'start');
    expect(start!.text).toContain('加上纸质签名：网上7 + 纸质120 = 127。');
  });

  it('[interim then final] [byte-identical final packs] the final snapshot is made once and reused', async () => {
    await expect(pack('too-early', true)).rejects.toEqual(new DomainError('pack.not-closed'));
    const interim = await pack('interim-4');
    expect(interim.snapshot.final).toBe(false);

    // A signer withdraws before the close: not in later snapshots.
    await app.core.petition.withdraw({ platform: 'telegram', userId: '101' });
    clock.set('2026-12-11T06:00:00Z'); // the campaign closed at the end of 10 December in New York
    const first = await pack('final-1', true);
    expect(first).toMatchObject({ reused: false, snapshot: { final: true, total: 6 } });
    expect(first.snapshot.merkleRoot).not.toBe(interim.snapshot.merkleRoot);
    expect(plain(pdfText(join(dir, 'final-1', 'KR.pdf')))).not.toContain('김영삼');

    // Later changes do not reach the final pack: more paper, a new target, a withdrawal, a day later.
    await app.core.paper.add('KR', 5, 'Late sheets', 'slack:U1');
    await app.core.petition.withdraw({ platform: 'discord', userId: '202' });
    clock.set('2026-12-12T09:30:00Z');
    const second = await pack('final-2');
    expect(second).toMatchObject({ reused: true, snapshot: { id: first.snapshot.id } });
    // On Postgres the first final pack was drawn while it was frozen, and the second from the snapshot.
    expect(readingsHanded > 0).toBe(driver.name === 'postgres');
    expect(second.manifest).toEqual(first.manifest);
    for (const file of first.files) {
      expect((await readFile(join(dir, 'final-2', file))).equals(await readFile(join(dir, 'final-1', file))), file).toBe(true);
    }
    // The ZIP of the final pack is byte-identical too.
    const zipOf = async (folder: string, name: string) => {
      await pipeline(zipPack(join(dir, folder), first.files, first.snapshot.frozenAt), createWriteStream(join(dir, name)));
      return readFile(join(dir, name));
    };
    const zip1 = await zipOf('final-1', 'a.zip');
    expect(zip1.equals(await zipOf('final-2', 'b.zip'))).toBe(true);
    expect(zip1.subarray(0, 2).toString()).toBe('PK');
    // Receipts now answer against the final snapshot.
    const code = (await app.core.petition.receiptOf({ platform: 'telegram', userId: '303' }))!;
    expect(await (await fetch(`${base}/api/receipts/${code}`)).json()).toMatchObject({ included: true, final: true, root: first.manifest.merkleRoot });
  });
});
