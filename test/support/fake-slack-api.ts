import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SLACK, slackBlockProblems, slackViewProblems } from './platform-limits.ts';

/** One request the fake received. `body` is the parsed form or JSON body. */
export interface RecordedCall {
  path: string;
  body: Record<string, unknown>;
  raw: Buffer;
}

/**
 * A fake Slack on 127.0.0.1: the Web API under /api/, upload URLs under
 * /upload/, private file downloads under /files/ and response_urls under
 * /response/. It records every call, so tests assert what the adapter sent,
 * and refuses blocks and views that break Slack's documented Block Kit
 * limits (see platform-limits.ts) as Slack does: `ok: false` with
 * `invalid_blocks` / `invalid_arguments`, or HTTP 400 on a response_url.
 */
export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  /** Calls refused as Slack would refuse them, with the reasons. */
  readonly refused: Array<RecordedCall & { problems: string[] }> = [];
  private views = 0;
  /** Trigger ids views.open answers with `expired_trigger_id` (Slack's trigger ids live 3 seconds). */
  readonly expiredTriggers = new Set<string>();
  /** Members of the staff channel, for conversations.members. */
  members: string[] = [];
  /** Web API methods that answer with this error instead of success, e.g. `chat.postMessage` → `not_in_channel`. */
  readonly failing = new Map<string, string>();
  /** Answer auth.test with this error instead of success. */
  authError: string | null = null;
  /** Files for files.info and their download bodies, by file id. */
  readonly files = new Map<string, { name: string; content: string }>();
  private server: Server | null = null;
  private uploads = 0;
  private messages = 0;
  base = '';

  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  /** A fresh response_url for one payload. */
  responseUrl(name: string): string {
    return `${this.base}/response/${name}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body, type }) => {
          res.writeHead(status, { 'content-type': type });
          res.end(body);
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Calls to one path, e.g. `views.open` (API methods) or `/upload/` prefixes. */
  callsTo(path: string): RecordedCall[] {
    // A path and what follows it after '?' or '/', never a longer name: `/response/confirm` is not `/response/confirm-2`.
    const under = (p: string) => p === path || p === `/api/${path}` || p.startsWith(`${path}?`) || p.startsWith(`${path}/`);
    return this.calls.filter((c) => under(c.path));
  }

  /** Waits until a call matching the predicate has arrived (handlers run after the ack). */
  async waitFor(path: string, predicate: (call: RecordedCall) => boolean = () => true, timeoutMs = 20_000): Promise<RecordedCall> {
    const started = Date.now();
    for (;;) {
      const found = this.callsTo(path).find(predicate);
      if (found) return found;
      if (Date.now() - started > timeoutMs) throw new Error(`no call to ${path} arrived`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: string; type: string }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = new URL(req.url ?? '/', this.base).pathname;
    const body = parseBody(raw, String(req.headers['content-type'] ?? ''));
    const call = { path, body, raw };
    this.calls.push(call);
    const json = (data: unknown) => ({ status: 200, body: JSON.stringify(data), type: 'application/json' });
    const method = path.replace(/^\/api\//, '');

    // What Slack checks before it accepts blocks and views (see platform-limits.ts).
    const problems = path.startsWith('/response/') || /^chat\.(postMessage|postEphemeral|update)$/.test(method)
      ? slackBlockProblems(body.blocks as unknown[] | undefined, SLACK.messageBlocks)
      : /^views\.(open|update|publish|push)$/.test(method)
        ? slackViewProblems(typeof body.view === 'string' ? JSON.parse(body.view) : body.view)
        : [];
    if (problems.length > 0) {
      this.refused.push({ ...call, problems });
      // A response_url answers a bad message with HTTP 400; the Web API with ok: false.
      if (path.startsWith('/response/')) return { status: 400, body: 'invalid_blocks', type: 'text/plain' };
      return json({ ok: false, error: method.startsWith('views.') ? 'invalid_arguments' : 'invalid_blocks', response_metadata: { messages: problems } });
    }

    if (path.startsWith('/upload/')) return { status: 200, body: 'OK', type: 'text/plain' };
    if (path.startsWith('/response/')) return { status: 200, body: 'ok', type: 'text/plain' };
    if (path.startsWith('/files/')) {
      const file = this.files.get(path.split('/')[2] ?? '');
      return file ? { status: 200, body: file.content, type: 'text/plain' } : { status: 404, body: '', type: 'text/plain' };
    }
    const failure = this.failing.get(method);
    if (failure) return json({ ok: false, error: failure });
    switch (method) {
      case 'views.open':
      case 'views.push':
        if (this.expiredTriggers.has(String(body.trigger_id ?? ''))) return json({ ok: false, error: 'expired_trigger_id' });
        return json({ ok: true, view: { id: `V0VIEW${++this.views}` } });
      case 'views.update':
        return json({ ok: true, view: { id: String(body.view_id ?? '') } });
      case 'auth.test':
        return json(this.authError ? { ok: false, error: this.authError } : { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0TEAM' });
      case 'conversations.members':
        return json({ ok: true, members: this.members, response_metadata: { next_cursor: '' } });
      case 'files.getUploadURLExternal': {
        const id = `F0UPLOAD${++this.uploads}`;
        return json({ ok: true, upload_url: `${this.base}/upload/${id}`, file_id: id });
      }
      case 'chat.postMessage':
        // A message's ts is its id, e.g. for replies in its thread.
        return json({ ok: true, channel: body.channel, ts: `1700000000.${String(++this.messages).padStart(6, '0')}` });
      case 'files.completeUploadExternal':
        return json({ ok: true, files: [] });
      case 'files.info': {
        const id = String(body.file ?? '');
        const file = this.files.get(id);
        if (!file) return json({ ok: false, error: 'file_not_found' });
        return json({ ok: true, file: { id, name: file.name, size: Buffer.byteLength(file.content), url_private_download: `${this.base}/files/${id}/${file.name}` } });
      }
      default:
        return json({ ok: true });
    }
  }

  /** The bytes uploaded for a file id given by files.getUploadURLExternal. */
  uploaded(fileId: string): string {
    const call = this.calls.find((c) => c.path === `/upload/${fileId}`);
    if (!call) throw new Error(`nothing uploaded for ${fileId}`);
    return call.raw.toString('utf8');
  }
}

function parseBody(raw: Buffer, type: string): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (type.includes('application/json')) return JSON.parse(text || '{}');
  if (!type.includes('application/x-www-form-urlencoded')) return {};
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    body[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return body;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
