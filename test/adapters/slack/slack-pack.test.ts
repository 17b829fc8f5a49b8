import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.ts';
import { writePackZip } from '../../../src/pack/pack-zip.ts';
import { createTestApp } from '../../support/test-app.ts';
import { STAFF, startSlackConsole } from './slack-support.ts';

/** The entries of a ZIP (stored or deflated), read from its central directory. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extra;
  }
  return entries;
}

describe('Slack /petition pack: the delivery pack as one ZIP, progress in a thread', () => {
  let app: App;
  let slack: Awaited<ReturnType<typeof startSlackConsole>>;

  beforeAll(async () => {
    app = await createTestApp();
    slack = await startSlackConsole(app, { buildPack: (request) => writePackZip(app.core, { ...request, publicUrl: 'https://bots.example.org/' }) });
    for (const [userId, country] of [['made-up-kr-1', 'KR'], ['made-up-kr-2', 'KR'], ['made-up-us-1', 'US']] as const) {
      await app.core.petition.sign({ platform: 'telegram', userId }, { name: { style: 'full', name: `Test Person ${userId.slice(-4)}` }, country, language: 'en' });
    }
    await app.core.paper.add('KR', 40, 'Made-up vigil', 'test');
  });

  afterAll(async () => {
    await slack?.close();
    await app?.close();
  });

  it('acks at once, then uploads one ZIP with the same files the CLI writes, with progress in a thread, and audits it', async () => {
    const started = Date.now();
    const ack = await slack.command('pack KR', { name: 'pack' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(ack.text).toBe('Making the delivery pack. Progress follows in a thread here.');
    expect(slack.fake.callsTo('files.completeUploadExternal')).toHaveLength(0);

    const complete = await slack.fake.waitFor('files.completeUploadExternal', () => true, 60_000);
    const uploads = slack.fake.callsTo('files.getUploadURLExternal');
    expect(uploads).toHaveLength(1);
    expect(String(uploads[0]!.body.filename)).toMatch(/-interim-20261129T1500Z-KR\.zip$/);
    expect(complete.body.channel_id).toBe('C0STAFF');
    const comment = String(complete.body.initial_comment);
    expect(comment).toMatch(/^Delivery pack \(interim\), frozen at November 29, 2026 at 10:00 AM: 3 online \+ 40 on paper from 2 nations\. Fingerprint: `[0-9a-f]{64}`$/);

    const zip = slack.fake.calls.find((c) => c.path === '/upload/F0UPLOAD1')!.raw;
    expect(Number(uploads[0]!.body.length)).toBe(zip.length);
    const entries = unzip(zip);
    expect([...entries.keys()]).toEqual(['KR.pdf', 'KR.csv', 'ALL.pdf', 'manifest.json']);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as { total: number; paperTotal: number; merkleRoot: string; files: Array<{ file: string; sha256: string }> };
    expect(manifest).toMatchObject({ total: 3, paperTotal: 40 });
    expect(comment).toContain(manifest.merkleRoot);
    for (const file of manifest.files) expect(createHash('sha256').update(entries.get(file.file)!).digest('hex')).toBe(file.sha256);
    expect(entries.get('KR.csv')!.toString('utf8')).toContain('Test Person kr-1');
    expect(entries.get('KR.csv')!.toString('utf8')).not.toContain('us-1');

    // The summary is also said in the thread, last.
    await slack.fake.waitFor('chat.postMessage', (c) => c.body.text === comment && Boolean(c.body.thread_ts));
    const posts = slack.fake.callsTo('chat.postMessage');
    const head = posts.find((c) => !c.body.thread_ts)!;
    expect(head.body.text).toBe('Delivery pack (KR), asked for by <@U0STAFF>. Progress follows in this thread.');
    const thread = posts.filter((c) => c.body.thread_ts).map((c) => c.body.text);
    expect(new Set(posts.filter((c) => c.body.thread_ts).map((c) => c.body.thread_ts)).size).toBe(1);
    expect(thread).toEqual(['Written KR.pdf (1/3).', 'Written KR.csv (2/3).', 'Written ALL.pdf (3/3).', 'All files are written. Uploading one ZIP…', comment]);

    const audit = await app.core.auditHistory.latest(10);
    expect(audit.find((e) => e.action === 'pack.upload')).toMatchObject({ actor: `slack:${STAFF}`, detail: { country: 'KR', final: false, online: 3, paper: 40, root: manifest.merkleRoot } });
    expect(audit.find((e) => e.action === 'pack.freeze')).toMatchObject({ actor: `slack:${STAFF}` });
    expect(JSON.stringify(audit)).not.toContain('Test Person');
  });

  it('tells the staff member when Slack refuses (the bot is not in the channel), and uploads nothing', async () => {
    const uploadsBefore = slack.fake.callsTo('files.getUploadURLExternal').length;
    slack.fake.failing.set('chat.postMessage', 'not_in_channel');
    try {
      await slack.command('pack all', { name: 'pack-refused' });
      expect((await slack.reply('pack-refused', (c) => /could not be made/.test(String(c.body.text)))).body.text).toBe(
        'The pack could not be made and nothing was uploaded (not_in_channel). If the reason is not_in_channel, invite the bot to this channel first.',
      );
    } finally {
      slack.fake.failing.clear();
    }
    expect(slack.fake.callsTo('files.getUploadURLExternal')).toHaveLength(uploadsBefore);
    expect((await app.core.auditHistory.latest(10)).filter((e) => e.action === 'pack.upload')).toHaveLength(1);
  });

  it('refuses an unknown country or extra words before doing anything', async () => {
    // Nothing but the answers to the response_url.
    const apiCalls = () => slack.fake.calls.filter((c) => !c.path.startsWith('/response/')).length;
    const before = apiCalls();
    expect((await slack.command('pack XQ', { name: 'pack-bad' })).text).toMatch(/^We don't recognize that country or region/);
    expect((await slack.command('pack KR US', { name: 'pack-two' })).text).toBe('Make the delivery pack for one country or all of them: `/petition pack KR` or `/petition pack all`.');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(apiCalls()).toBe(before);
  });
});
