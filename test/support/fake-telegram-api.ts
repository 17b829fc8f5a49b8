import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, UserFromGetMe } from '@grammyjs/types';
import { telegramRefusal } from './platform-limits.ts';

/** One Bot API call as the fake server received it. */
export interface RecordedCall {
  method: string;
  /** The JSON (or form) body, parsed. */
  body: Record<string, any>;
}

/** The bot the fake server pretends to be (made up). */
export const FAKE_BOT_INFO: UserFromGetMe = {
  id: 7000000001,
  is_bot: true,
  first_name: 'Petition Test Bot',
  username: 'petition_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export const FAKE_TOKEN = '7000000001:TEST-token-not-real-aaaaaaaaaaaaaaa';

/** A limit the fake enforces on `sendMessage`, like Telegram's flood control. */
export interface FakeRateLimit {
  /** Messages a second for the bot as a whole. */
  perSecond: number;
  /** How many may arrive at once after a quiet spell (the bucket's size). */
  burst: number;
}

// Timers and the two processes' clocks are a millisecond or so apart; a
// sender that waited out retry_after must not be counted as ignoring it.
const PENALTY_SLACK_MS = 50;

/**
 * A Bot API server on 127.0.0.1 that records every call and answers like
 * Telegram: `sendMessage` returns a Message, most other methods `true`. It can
 * answer 429 with `retry_after` for the next N calls of a method, 400 for
 * what Telegram refuses (see platform-limits.ts), and 403
 * ("bot was blocked by the user") for chosen chats. With `rate`, it keeps a
 * token bucket for `sendMessage`: a message beyond it gets 429 with
 * `retry_after` (whole seconds, like Telegram), and every message before that
 * time has passed gets 429 again and is counted as ignoring the wait.
 *
 * @example const api = await startFakeTelegramApi(); new Bot(FAKE_TOKEN, { botInfo: FAKE_BOT_INFO, client: { apiRoot: api.url } })
 */
export async function startFakeTelegramApi(options: { record?: boolean; rate?: FakeRateLimit } = {}) {
  const calls: RecordedCall[] = [];
  const refused: Array<RecordedCall & { description: string }> = [];
  const blocked = new Set<string>();
  const rateLimits = new Map<string, { times: number; retryAfter: number }>();
  const pendingUpdates: Update[] = [];
  /** `chatId:userId` → status for getChatMember; anyone else is a plain member. */
  const members = new Map<string, string>();
  let nextMessageId = 1;
  let onSend: ((call: RecordedCall) => void) | null = null;
  const record = options.record ?? true;
  const flood = { tokens: options.rate?.burst ?? 0, at: performance.now(), penaltyUntil: 0 };
  const stats = { tooManyRequests: 0, ignoredRetryAfter: 0, sent: 0 };

  /** Seconds to wait when this message is over the limit, or 0 when it may go. */
  const floodWait = (): number => {
    const rate = options.rate!;
    const now = performance.now();
    if (now < flood.penaltyUntil) {
      stats.ignoredRetryAfter += 1;
      return Math.max(1, Math.ceil((flood.penaltyUntil - now) / 1000));
    }
    flood.tokens = Math.min(rate.burst, flood.tokens + ((now - flood.at) / 1000) * rate.perSecond);
    flood.at = now;
    if (flood.tokens >= 1) {
      flood.tokens -= 1;
      return 0;
    }
    const seconds = Math.max(1, Math.ceil((1 - flood.tokens) / rate.perSecond));
    flood.penaltyUntil = now + seconds * 1000 - PENALTY_SLACK_MS;
    return seconds;
  };

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (!match || match[1] !== FAKE_TOKEN) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const method = match[2]!;
    const body = await readBody(req);
    const call = { method, body };
    if (record) calls.push(call);
    const limit = rateLimits.get(method);
    if (limit && limit.times > 0) {
      limit.times -= 1;
      return answer(res, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${limit.retryAfter}`,
        parameters: { retry_after: limit.retryAfter },
      });
    }
    const wait = options.rate && method === 'sendMessage' ? floodWait() : 0;
    if (wait > 0) {
      stats.tooManyRequests += 1;
      return answer(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${wait}`, parameters: { retry_after: wait } });
    }
    // What Telegram itself refuses (too long, callback data over 64 bytes, not UTF-8) is refused here too.
    const refusal = telegramRefusal(method, body);
    if (refusal) {
      refused.push({ method, body, description: refusal });
      return answer(res, 400, { ok: false, error_code: 400, description: refusal });
    }
    if ('chat_id' in body && blocked.has(String(body.chat_id))) {
      return answer(res, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    }
    switch (method) {
      case 'getMe':
        return answer(res, 200, { ok: true, result: FAKE_BOT_INFO });
      case 'sendMessage': {
        stats.sent += 1;
        onSend?.(call);
        const chatId = Number(body.chat_id);
        const result = {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: chatId > 0 ? { id: chatId, type: 'private', first_name: 'Test' } : { id: chatId, type: 'group', title: 'Test group' },
          from: { id: FAKE_BOT_INFO.id, is_bot: true, first_name: FAKE_BOT_INFO.first_name, username: FAKE_BOT_INFO.username },
          text: body.text,
          ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}),
        };
        return answer(res, 200, { ok: true, result });
      }
      case 'getChatMember': {
        const status = members.get(`${body.chat_id}:${body.user_id}`) ?? 'member';
        return answer(res, 200, { ok: true, result: { status, user: { id: Number(body.user_id), is_bot: false, first_name: 'Member' } } });
      }
      case 'getUpdates': {
        // Like Telegram: an offset confirms every update below it; the rest come again until confirmed.
        const offset = Number(body.offset ?? 0);
        pendingUpdates.splice(0, pendingUpdates.length, ...pendingUpdates.filter((u) => u.update_id >= offset));
        const due = [...pendingUpdates];
        if (due.length === 0) await new Promise((r) => setTimeout(r, 50));
        return answer(res, 200, { ok: true, result: due });
      }
      default:
        return answer(res, 200, { ok: true, result: true });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => answer(res, 500, { ok: false, error_code: 500, description: 'fake server failed' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    /** Calls refused as Telegram would refuse them (400 Bad Request), with the reason. */
    refused,
    /** With `rate`: 429s answered, how many of them came before an earlier retry_after had passed, and messages accepted. */
    stats,
    /** Calls of one method, in order. */
    callsOf: (method: string) => calls.filter((c) => c.method === method),
    /** The next `times` calls of `method` answer 429 with this retry_after (seconds). */
    rateLimit(method: string, times: number, retryAfter: number) {
      rateLimits.set(method, { times, retryAfter });
    },
    /** Every call to this chat answers 403 blocked. */
    block(chatId: number | string) {
      blocked.add(String(chatId));
    },
    /** getChatMember answers this status (e.g. `administrator`) for the user in the chat. */
    setMember(chatId: number, userId: number, status: 'creator' | 'administrator' | 'member') {
      members.set(`${chatId}:${userId}`, status);
    },
    /** An update for getUpdates (long polling), returned until an offset past it confirms it. */
    queueUpdate(update: Update) {
      pendingUpdates.push(update);
    },
    /** Called on every sendMessage (benchmarks measure latency with it). */
    onSendMessage(listener: ((call: RecordedCall) => void) | null) {
      onSend = listener;
    },
    /** Updates queued and not yet confirmed by an offset. */
    unconfirmedUpdates: () => pendingUpdates.map((u) => u.update_id),
    reset() {
      calls.length = 0;
      pendingUpdates.length = 0;
      refused.length = 0;
      blocked.clear();
      rateLimits.clear();
      Object.assign(stats, { tooManyRequests: 0, ignoredRetryAfter: 0, sent: 0 });
      Object.assign(flood, { tokens: options.rate?.burst ?? 0, at: performance.now(), penaltyUntil: 0 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeTelegramApi = Awaited<ReturnType<typeof startFakeTelegramApi>>;

async function readBody(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const raw = bytes.toString('utf8');
  if (!raw) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return JSON.parse(raw);
  if (type.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  if (type.includes('multipart/form-data')) return parseMultipart(bytes, type);
  return { raw };
}

/**
 * A file upload (sendDocument), as grammy writes it: text fields as strings,
 * files as { filename, type, content }, `attach://name` fields resolved to
 * their part. Parsed by hand: grammy's parts (unquoted filename, no spaces
 * after the colons) are valid for Telegram but too loose for undici's parser.
 */
export function parseMultipart(bytes: Buffer, contentType: string): Record<string, any> {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) return { raw: bytes.toString('utf8') };
  const parts = new Map<string, string | { filename: string; type: string; content: string }>();
  for (const chunk of bytes.toString('utf8').split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const split = chunk.indexOf('\r\n\r\n');
    const head = chunk.slice(0, split);
    const content = chunk.slice(split + 4).replace(/\r\n$/, '');
    const name = /name="?([^";\r\n]+)"?/i.exec(head)?.[1];
    if (!name) continue;
    const filename = /filename="?([^";\r\n]+)"?/i.exec(head)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? 'text/plain';
    parts.set(name, filename ? { filename, type, content } : content);
  }
  const body: Record<string, any> = {};
  for (const [name, value] of parts) {
    const attached = typeof value === 'string' && value.startsWith('attach://') ? parts.get(value.slice('attach://'.length)) : undefined;
    body[name] = attached ?? value;
  }
  return body;
}
