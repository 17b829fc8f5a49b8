import type { ChatBot } from '../chat/chat-bot.ts';
import type { Metrics } from './metrics.ts';

/** Times every command, button and message the bot answers, for /metrics. */
export function instrumentChatBot(bot: ChatBot, metrics: Metrics, surface: string): ChatBot {
  for (const method of ['command', 'action', 'text'] as const) {
    const original = bot[method].bind(bot) as (...args: unknown[]) => Promise<unknown>;
    (bot as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const end = metrics.handlerSeconds.startTimer({ surface });
      try {
        return await original(...args);
      } finally {
        end();
      }
    };
  }
  return bot;
}
