import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv } from '../../support/child-env.ts';
import { FakeSlackApi } from '../../support/fake-slack-api.ts';
import { ROOT, SCRIPT_TIMEOUT_MS } from '../../support/run-script.ts';
import { postSigned } from '../../support/slack-requests.ts';
import { waitUntil } from '../../support/worker-fleet.ts';
import { freePort } from '../../support/free-port.ts';

const SECRET = 'entry-point-signing-secret-0123456789';

/** One named entry of a ZIP (its central directory read from the end). */
function zipEntry(zip: Buffer, wanted: string): Buffer | null {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (name === wanted) {
      const local = zip.readUInt32LE(at + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + zip.readUInt32LE(at + 20));
      return zip.readUInt16LE(at + 10) === 8 ? inflateRawSync(data) : Buffer.from(data);
    }
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return null;
}

describe('npm start hands the pack writer to the Slack console', () => {
  const fake = new FakeSlackApi();
  let child: ChildProcess | null = null;
  let dataDir = '';
  let base = '';
  let stderr = '';

  beforeAll(async () => {
    await fake.start();
    dataDir = await mkdtemp(join(tmpdir(), 'slack-entry-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: childEnv({
        DATABASE_URL: 'memory://',
        DATA_DIR: dataDir,
        PORT: String(port),
        TERMINAL: '0',
        LOG_LEVEL: 'warn',
        SLACK_BOT_TOKEN: 'xoxb-entry-point',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        SLACK_TEAM_ID: 'T0TEAM',
        PUBLIC_URL: 'https://petition.example.org',
      }),
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    await waitUntil('the server', () => fetch(`${base}/healthz`).then((r) => r.ok, () => false), SCRIPT_TIMEOUT_MS, 200);
  }, SCRIPT_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child!.once('close', resolve));
    }
    await fake.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('/petition pack all uploads one ZIP whose manifest carries the PUBLIC_URL verification address', async () => {
    const form = {
      team_id: 'T0TEAM',
      channel_id: 'C0STAFF',
      user_id: 'U0STAFF',
      command: '/petition',
      text: 'pack all',
      response_url: fake.responseUrl('pack'),
      trigger_id: 'trigger-pack',
    };
    const ack = await postSigned(`${base}/slack/events`, form, { secret: SECRET, now: () => new Date() });
    expect(ack.status).toBe(200);
    // The ack is empty; the first answer goes to the response_url.
    expect(String((await fake.waitFor('/response/pack')).body.text)).toBe('Making the delivery pack. Progress follows in a thread here.');
    await fake.waitFor('files.completeUploadExternal', () => true, 90_000);
    const uploads = fake.callsTo('files.getUploadURLExternal');
    expect(uploads).toHaveLength(1);
    const zip = fake.calls.find((c) => c.path === '/upload/F0UPLOAD1')!.raw;
    const manifest = JSON.parse(zipEntry(zip, 'manifest.json')!.toString('utf8')) as { verifyUrl: string; total: number; files: Array<{ file: string }> };
    expect(manifest).toMatchObject({ verifyUrl: 'https://petition.example.org/api/receipts', total: 0 });
    expect(manifest.files.map((f) => f.file)).toEqual(['ALL.pdf']);
    expect(zipEntry(zip, 'ALL.pdf')!.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(stderr).not.toMatch(/slack pack failed|slack handler failed/);
  }, 120_000);
});
