/**
 * The chat pipeline's composition and per-conversation order, on their own:
 * no storage, no platform.
 */
import { describe, expect, it } from 'vitest';
import { compose, contextFor, inOrder, type ChatEvent, type ChatMiddleware } from '../../src/chat/index.ts';
import { chatUser } from '../support/chat-users.ts';

function eventFor(conversation: string, text: string, sent: string[]): ChatEvent {
  const user = chatUser({ signer: { platform: 'telegram', userId: conversation }, address: `telegram:${conversation}`, isPrivate: true });
  return { user, input: { kind: 'text', text }, respond: async (replies) => void sent.push(...replies.map((r) => r.text)) };
}

/** A handler that waits for `release(text)` before answering `text`. */
function heldHandler(log: string[]) {
  const waiting = new Map<string, () => void>();
  const handler = async (ctx: ReturnType<typeof contextFor>) => {
    const text = (ctx.event.input as { text: string }).text;
    log.push(`start ${text}`);
    await new Promise<void>((resolve) => waiting.set(text, resolve));
    ctx.replies = [{ text }];
  };
  const release = async (text: string) => {
    for (let i = 0; i < 20 && !waiting.has(text); i++) await new Promise((resolve) => setImmediate(resolve));
    waiting.get(text)!();
  };
  return { handler, release, started: (text: string) => waiting.has(text) };
}

describe('compose', () => {
  it('runs middleware in order around the handler, and unwinds in reverse', async () => {
    const log: string[] = [];
    const layer =
      (name: string): ChatMiddleware =>
      async (_ctx, next) => {
        log.push(`${name} in`);
        await next();
        log.push(`${name} out`);
      };
    const run = compose([layer('a'), layer('b')], async () => void log.push('handler'));
    await run(contextFor(eventFor('1', 'x', [])));
    expect(log).toEqual(['a in', 'b in', 'handler', 'b out', 'a out']);
  });

  it('refuses a next() called twice', async () => {
    const twice: ChatMiddleware = async (_ctx, next) => {
      await next();
      await next();
    };
    await expect(compose([twice], async () => {})(contextFor(eventFor('1', 'x', [])))).rejects.toThrow('next() called twice');
  });

  it("runs the rest of the pipeline once more on next('again'), as the journal does after undoing a run", async () => {
    const log: string[] = [];
    const undoing: ChatMiddleware = async (_ctx, next) => {
      await next();
      log.push('undone');
      await next('again');
    };
    const inner: ChatMiddleware = async (_ctx, next) => {
      log.push('inner');
      await next();
    };
    let runs = 0;
    const ctx = contextFor(eventFor('1', 'x', []));
    await compose([undoing, inner], async (ctx) => void (ctx.replies = [{ text: `run ${++runs}` }]))(ctx);
    expect(log).toEqual(['inner', 'undone', 'inner']);
    expect(ctx.replies).toEqual([{ text: 'run 2' }]);
  });

  it('turns a middleware that throws before returning a promise into a rejection the layers above can catch', async () => {
    const caught: unknown[] = [];
    const outer: ChatMiddleware = async (_ctx, next) => {
      try {
        await next();
      } catch (error) {
        caught.push(error);
      }
    };
    const throwsAtOnce = (() => {
      throw new Error('at once');
    }) as unknown as ChatMiddleware;
    const run = compose([outer, throwsAtOnce], async () => {});
    await expect(run(contextFor(eventFor('1', 'x', [])))).resolves.toBeUndefined();
    expect(caught).toEqual([new Error('at once')]);
    // Without a layer to catch it, the composed call rejects; it never throws synchronously.
    let result: Promise<void> | undefined;
    expect(() => (result = compose([throwsAtOnce], async () => {})(contextFor(eventFor('1', 'x', []))))).not.toThrow();
    await expect(result).rejects.toThrow('at once');
  });

  it("passes the handler's failure up through every layer", async () => {
    const seen: string[] = [];
    const watch: ChatMiddleware = async (_ctx, next) => {
      try {
        await next();
      } finally {
        seen.push('finally');
      }
    };
    const run = compose([watch, watch], async () => {
      throw new Error('handler failed');
    });
    await expect(run(contextFor(eventFor('1', 'x', [])))).rejects.toThrow('handler failed');
    expect(seen).toEqual(['finally', 'finally']);
  });
});

describe('inOrder', () => {
  it('handles and answers one event of a conversation at a time, in arrival order; others go side by side', async () => {
    const log: string[] = [];
    const sent: string[] = [];
    const held = heldHandler(log);
    const run = compose([inOrder()], held.handler);
    const first = run(contextFor(eventFor('A', 'a1', sent)));
    const second = run(contextFor(eventFor('A', 'a2', sent)));
    const other = run(contextFor(eventFor('B', 'b1', sent)));
    await held.release('b1');
    await other;
    // B answered while A's first event is still being handled; A's second has not started.
    expect(sent).toEqual(['b1']);
    expect(held.started('a2')).toBe(false);
    await held.release('a1');
    await held.release('a2');
    await Promise.all([first, second]);
    expect(log).toEqual(['start a1', 'start b1', 'start a2']);
    expect(sent).toEqual(['b1', 'a1', 'a2']);
  });

  it('lets the next event of a conversation go when one fails', async () => {
    const sent: string[] = [];
    const run = compose([inOrder()], async (ctx) => {
      const text = (ctx.event.input as { text: string }).text;
      if (text === 'bad') throw new Error('failed');
      ctx.replies = [{ text }];
    });
    const failing = run(contextFor(eventFor('A', 'bad', sent)));
    const next = run(contextFor(eventFor('A', 'good', sent)));
    await expect(failing).rejects.toThrow('failed');
    await next;
    expect(sent).toEqual(['good']);
  });

  it('starts the event of an idle conversation at once, before any other work of the turn', async () => {
    const log: string[] = [];
    const run = compose([inOrder()], async () => void log.push('handler'));
    const done = run(contextFor(eventFor('idle', 'x', [])));
    log.push('caller goes on');
    await done;
    expect(log).toEqual(['handler', 'caller goes on']);
  });
});

describe('deliver', () => {
  it('sends the replies once, however many layers ask', async () => {
    const sent: string[] = [];
    const ctx = contextFor(eventFor('1', 'x', sent));
    ctx.replies = [{ text: 'hello' }];
    for (let layer = 0; layer < 4; layer++) await ctx.deliver();
    expect(sent).toEqual(['hello']);
    expect(ctx.delivered).toBe(true);
  });

  it('has nothing to send for no replies, and counts that as delivered', async () => {
    const sent: string[] = [];
    const ctx = contextFor(eventFor('1', 'x', sent));
    await ctx.deliver();
    expect(ctx.delivered).toBe(true);
    ctx.replies = [{ text: 'too late' }];
    await ctx.deliver();
    expect(sent).toEqual([]);
  });

  it('stays undelivered when sending fails, so a later layer can try again', async () => {
    let attempts = 0;
    const user = chatUser({ signer: { platform: 'telegram', userId: '9' }, address: 'telegram:9', isPrivate: true });
    const ctx = contextFor({
      user,
      input: { kind: 'text', text: 'x' },
      respond: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('network');
      },
    });
    ctx.replies = [{ text: 'hello' }];
    await expect(ctx.deliver()).rejects.toThrow('network');
    expect(ctx.delivered).toBe(false);
    await ctx.deliver();
    expect(ctx.delivered).toBe(true);
    expect(attempts).toBe(2);
  });
});
