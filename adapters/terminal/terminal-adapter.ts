import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { CHAT_COMMANDS, type ChatInput, type ChatSurface, type ChatUser, type Reply } from '../../src/chat/index.ts';
import type { AdapterContext, PlatformAdapter } from '../../src/platform.ts';
import { formatReply } from './terminal-format.ts';

export interface TerminalConfig {
  input: Readable;
  output: Writable;
  /** A prompt and a greeting for a person at a keyboard; none for scripts. */
  interactive: boolean;
  /** From the environment's LANG, e.g. "ko_KR.UTF-8". */
  languageTag?: string | null;
}

/** A terminal shows no forms (questions come one at a time) and offers every chat command but `channel`. */
export const TERMINAL_SURFACE: ChatSurface = {
  platform: 'terminal',
  eventName: 'command',
  forms: false,
  storedLanguage: true,
  commands: new Set(CHAT_COMMANDS.filter((c) => c !== 'channel')),
};

/**
 * Everything a Telegram supporter can do, in a terminal: one local person;
 * commands start with "/", a number picks an option, other text answers the
 * current question. `finished` resolves at the end of the input.
 */
export function createTerminalAdapter(context: AdapterContext<TerminalConfig>): PlatformAdapter {
  const { chat, config } = context;
  const user: ChatUser = {
    signer: { platform: 'terminal', userId: 'local' },
    address: 'terminal:local',
    conversation: 'terminal:local',
    surface: TERMINAL_SURFACE,
    languageTag: config.languageTag ?? undefined,
    isPrivate: true,
  };
  let actions: string[] = [];

  const print = async (replies: Reply[]) => {
    actions = [];
    for (const reply of replies) {
      const drawn = formatReply(reply, actions.length + 1);
      actions.push(...drawn.actions);
      config.output.write(`${drawn.lines.join('\n')}\n\n`);
    }
  };

  function inputOf(line: string): ChatInput {
    const command = /^\/([a-z]+)(?:@\S+)?(?:\s+([\s\S]*))?$/i.exec(line);
    if (command) return { kind: 'command', name: command[1]!, args: command[2] ?? '' };
    const picked = /^\d{1,2}$/.test(line) ? actions[Number(line) - 1] : undefined;
    if (picked) return { kind: 'action', payload: picked };
    return { kind: 'text', text: line };
  }

  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  async function run(): Promise<void> {
    const rl = createInterface({ input: config.input, output: config.interactive ? config.output : undefined, terminal: config.interactive });
    const handle = async (line: string) => {
      const input = line.trim();
      // The chat layer's pipeline logs failures and apologizes; a line is never redelivered, so it has no event id.
      if (input) await chat.handle({ user, input: inputOf(input), respond: print }).catch(() => {});
    };
    if (config.interactive) {
      await handle('/start');
      rl.setPrompt('> ');
      rl.prompt();
    }
    // Lines are answered one at a time, in order, even when a script pipes them all at once.
    for await (const line of rl) {
      await handle(line);
      if (config.interactive) rl.prompt();
    }
  }

  return {
    name: 'terminal',
    // Reminders have nowhere to go in a terminal: no messenger.
    async start() {
      void run().finally(finish);
    },
    async stop() {},
    finished,
  };
}
