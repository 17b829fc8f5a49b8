/**
 * A Discord REST API on 127.0.0.1 that records every call and answers like
 * Discord does: interaction callbacks 204 with no body, webhook edits and
 * channel posts with a message object, refusals as Discord error JSON, and
 * 400 Invalid Form Body for whatever breaks Discord's documented limits.
 * Point discord.js at it with `rest: { api: fake.url }`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discordCommandProblems, discordMessageProblems, discordModalProblems } from './platform-limits.ts';

export interface RecordedCall {
  method: string;
  /** Path without the `/v10` prefix, e.g. `/interactions/1/tok/callback`. */
  path: string;
  query: URLSearchParams;
  // Bodies are JSON chosen by discord.js; tests read the fields they assert.
  body: any;
}

type Refusal = { status: number; code: number; message: string };

export interface FakeDiscordApi {
  url: string;
  calls: RecordedCall[];
  /** Calls refused as Discord would refuse them (400 Invalid Form Body), with the reasons. */
  refused: Array<RecordedCall & { problems: string[] }>;
  /** Calls whose method and path match. */
  find(method: string, path: RegExp): RecordedCall[];
  /** Makes posts to this channel fail like Discord would (e.g. 403 Missing Access). */
  refuseChannel(channelId: string, refusal: Refusal): void;
  reset(): void;
  close(): Promise<void>;
}

let nextId = 9_000_000_000_000_000n;
const snowflake = () => String(nextId++);

function message(channelId: string, body: any) {
  return {
    id: snowflake(),
    type: 0,
    channel_id: channelId,
    content: body?.content ?? '',
    embeds: body?.embeds ?? [],
    components: body?.components ?? [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    flags: body?.flags ?? 0,
    timestamp: new Date(0).toISOString(),
    edited_timestamp: null,
    author: { id: '1100000000000000001', username: 'petition-bot', discriminator: '0', global_name: null, avatar: null, bot: true },
  };
}

/**
 * A message with attachments, as discord.js sends it: `payload_json` is the
 * body, and each `files[n]` part is kept in `body.uploads` as { filename, type, content }.
 */
async function multipartBody(bytes: Buffer, contentType: string): Promise<any> {
  const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  const body = JSON.parse(String(form.get('payload_json') ?? '{}'));
  body.uploads = [];
  for (const [key, value] of form.entries()) {
    if (key.startsWith('files[') && typeof value !== 'string') body.uploads.push({ filename: value.name, type: value.type, content: await value.text() });
  }
  return body;
}

/** Starts the fake on an ephemeral port. */
export async function startFakeDiscordApi(): Promise<FakeDiscordApi> {
  const calls: RecordedCall[] = [];
  const refused: FakeDiscordApi['refused'] = [];
  const refusals = new Map<string, Refusal>();

  /** What Discord checks before it accepts a body (see platform-limits.ts). */
  const problemsOf = ({ method, path, body }: RecordedCall): string[] => {
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      if (body?.type === 9) return discordModalProblems(body.data);
      if (body?.type === 4 || body?.type === 7) return discordMessageProblems(body.data);
      return [];
    }
    if (method === 'PUT' && /\/commands$/.test(path)) return (body as any[]).flatMap(discordCommandProblems);
    if ((method === 'POST' || method === 'PATCH') && /^\/(webhooks|channels)\//.test(path)) return discordMessageProblems(body);
    return [];
  };

  const route = (call: RecordedCall, res: ServerResponse) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const { method, path, body } = call;
    const problems = problemsOf(call);
    if (problems.length > 0) {
      refused.push({ ...call, problems });
      return json(400, { message: 'Invalid Form Body', code: 50035, errors: { _errors: problems.map((message) => ({ code: 'BASE_TYPE_MAX_LENGTH', message })) } });
    }
    let m: RegExpExecArray | null;
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      // Discord answers an interaction callback with 204 and no body (unless with_response=true).
      res.writeHead(204);
      return res.end();
    }
    if ((m = /^\/webhooks\/\d+\/[^/]+\/messages\/(@original|\d+)$/.exec(path))) {
      if (method === 'DELETE') {
        res.writeHead(204);
        return res.end();
      }
      return json(200, message('1200000000000000001', body));
    }
    if (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(path)) return json(200, message('1200000000000000001', body));
    if (method === 'POST' && path === '/users/@me/channels') return json(200, { id: snowflake(), type: 1, recipients: [] });
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      const refusal = refusals.get(m[1]!);
      if (refusal) return json(refusal.status, { message: refusal.message, code: refusal.code });
      return json(200, message(m[1]!, body));
    }
    if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      return json(200, (body as any[]).map((c) => ({ id: snowflake(), application_id: '1', version: '1', ...c })));
    }
    return json(404, { message: '404: Not Found', code: 0 });
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('utf8');
      const type = req.headers['content-type'] ?? '';
      const call: RecordedCall = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname).replace(/^\/v\d+/, ''),
        query: url.searchParams,
        body: !raw ? null : type.includes('multipart/form-data') ? await multipartBody(bytes, type) : JSON.parse(raw),
      };
      calls.push(call);
      route(call, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    refused,
    find: (method, path) => calls.filter((c) => c.method === method && path.test(c.path)),
    refuseChannel: (channelId, refusal) => refusals.set(channelId, refusal),
    reset() {
      calls.length = 0;
      refused.length = 0;
      refusals.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
