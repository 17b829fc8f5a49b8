import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatBot, ChatUser } from '../../src/chat/chat-bot.ts';
import type { Locale } from '../../src/core/locale.ts';
import type { Messenger, OutgoingMessage } from '../../src/core/ports.ts';
import type { Logger } from '../../src/logger.ts';
import { formatReply } from './terminal-format.ts';

export interface TerminalOptions {
  bot: ChatBot;
  input: Readable;
  output: Writable;
  /** A prompt and a greeting for a person at a keyboard; none for scripts. */
  interactive: boolean;
  /** From the environment's LANG, e.g. "ko_KR.UTF-8". */
  languageTag?: string | undefined;
  logger: Logger;
}

export interface TerminalAdapter extends Messenger {
  /** Reads commands until the input ends; resolves when it has answered them all. */
  run(): Promise<void>;
}

/**
 * Everything a Telegram supporter can do, in a terminal. One local person;
 * commands start with "/", a number picks an option, other text answers the
 * current question.
 */
export function createTerminalAdapter(options: TerminalOptions): TerminalAdapter {
  const { bot, output, logger } = options;
  const user: ChatUser = {
    signer: { platform: 'terminal', userId: 'local' },
    address: 'terminal:local',
    languageTag: options.languageTag,
    isPrivate: true,
  };
  let actions: string[] = [];

  const print = (replies: OutgoingMessage[]) => {
    actions = [];
    for (const reply of replies) {
      const drawn = formatReply(reply, actions.length + 1);
      actions.push(...drawn.actions);
      output.write(`${drawn.lines.join('\n')}\n\n`);
    }
  };

  async function handle(line: string): Promise<void> {
    const input = line.trim();
    if (!input) return;
    try {
      const command = /^\/([a-z]+)(?:@\S+)?(?:\s+([\s\S]*))?$/i.exec(input);
      if (command) return print(await bot.command(user, command[1]!, command[2] ?? ''));
      const picked = /^\d{1,2}$/.test(input) ? actions[Number(input) - 1] : undefined;
      if (picked) return print(await bot.action(user, picked));
      print(await bot.text(user, input));
    } catch (error) {
      // The one error seam: log without the input (it may hold a name), apologize, go on.
      logger.error({ err: error }, 'terminal command failed');
      const locale: Locale = await bot.localeOf(user).catch(() => 'en' as const);
      print([bot.apology(locale)]);
    }
  }

  return {
    prefix: 'terminal',
    async send(_address, message) {
      print([message]);
    },
    async start() {},
    async stop() {},
    async run() {
      const rl = createInterface({ input: options.input, output: options.interactive ? output : undefined, terminal: options.interactive });
      if (options.interactive) {
        await handle('/start');
        rl.setPrompt('> ');
        rl.prompt();
      }
      // Lines are answered one at a time, in order, even when a script pipes them all at once.
      for await (const line of rl) {
        await handle(line);
        if (options.interactive) rl.prompt();
      }
    },
  };
}
