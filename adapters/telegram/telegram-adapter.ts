import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, type BotError, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { ChatBot } from '../../src/chat/chat-bot.ts';
import type { CampaignCore } from '../../src/campaign-core.ts';
import { localeFromTag } from '../../src/core/locale.ts';
import type { Messenger, ProcessedUpdates } from '../../src/core/ports.ts';
import type { Logger } from '../../src/logger.ts';
import { registerCommandMenus } from './commands.ts';
import { deduplicate } from './deduplicate.ts';
import { createBroadcastApi, installReplyRetry } from './telegram-api.ts';
import { chatUserFrom, conversation, sendReplies } from './telegram-conversation.ts';
import { describeError, isRecipientGone } from './telegram-errors.ts';
import { createTelegramMessenger } from './telegram-messenger.ts';
import { createWebhookHandler, type WebhookHandler } from './webhook.ts';

/** The updates the bot asks Telegram for. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

export interface TelegramAdapterOptions {
  token: string;
  /** Bot API root: https://api.telegram.org, a self-hosted Bot API server or a test server. */
  apiRoot: string;
  /** Set for webhook mode; null or absent means long polling. */
  webhookUrl?: string | null;
  /** Required with webhookUrl: Telegram sends it in X-Telegram-Bot-Api-Secret-Token. */
  webhookSecret?: string | null;
  /** Known bot info: skips `getMe` (tests, benchmarks). */
  botInfo?: UserFromGetMe;
  core: CampaignCore;
  bot: ChatBot;
  /** Update ids already handled, shared by every instance (from the composition root). */
  seenUpdates: ProcessedUpdates;
  logger: Logger;
}

export interface TelegramAdapter {
  /** The grammY bot; `bot.handleUpdate(update)` drives it directly. */
  bot: Bot;
  /** Reminders and announcements to `telegram:<chat id>` addresses. */
  messenger: Messenger;
  /** Webhook mode: the node:http handler to mount at `webhookPath`; null in long-polling mode. */
  webhook: WebhookHandler | null;
  /** The path of the webhook URL, e.g. `/telegram/webhook`; null in long-polling mode. */
  webhookPath: string | null;
  /** Registers the command menus, then sets the webhook or starts long polling. */
  start(): Promise<void>;
  /** Stops long polling (a webhook stays registered for the other instances). */
  stop(): Promise<void>;
}

/**
 * The Telegram adapter: a grammY bot whose updates go to the platform-neutral
 * ChatBot, one error seam, replay protection, and the Messenger port.
 *
 * Long polling uses @grammyjs/runner rather than `bot.start()`: `bot.start()`
 * handles one update at a time, so one slow database call would hold up every
 * supporter; the runner handles updates concurrently, and `sequentialize` keeps
 * each chat's own updates in order (the signing questions depend on it).
 */
export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  const { core, logger } = options;
  if (options.webhookUrl && !options.webhookSecret) throw new Error('a Telegram webhook needs a secret token');
  const bot = new Bot(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: { apiRoot: options.apiRoot },
  });
  installReplyRetry(bot.api);

  const onError = async (error: BotError<Context>) => {
    // The one error seam: log what failed without personal data, apologize, carry on.
    logger.error({ telegram: describeError(error.error), updateId: error.ctx.update.update_id }, 'telegram update failed');
    const ctx = error.ctx;
    const user = chatUserFrom(ctx);
    if (!user) return;
    if (isRecipientGone(error.error)) {
      await core.reminders.unsubscribe(user.address).catch(() => {});
      return;
    }
    const locale = await options.bot.localeOf(user).catch(() => localeFromTag(ctx.from?.language_code));
    await sendReplies(ctx, [options.bot.apology(locale)]).catch((again) =>
      logger.warn({ telegram: describeError(again) }, 'telegram apology failed'),
    );
  };
  bot.catch(onError);
  // Per chat, one update at a time, in order; different chats run side by side.
  bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : undefined)));
  bot.errorBoundary(onError, deduplicate(options.seenUpdates), conversation(options.bot, core));

  const broadcast = createBroadcastApi(options.token, options.apiRoot);
  const messenger = createTelegramMessenger({
    api: broadcast,
    onRecipientGone: (address) => core.reminders.unsubscribe(address),
  });

  const webhookMode = Boolean(options.webhookUrl);
  const webhook = webhookMode ? createWebhookHandler(bot, options.webhookSecret!, logger) : null;
  let runner: RunnerHandle | null = null;

  return {
    bot,
    messenger,
    webhook,
    webhookPath: webhookMode ? new URL(options.webhookUrl!).pathname : null,
    async start() {
      // bot.init() retries getMe forever; one direct call fails fast with a clear error.
      if (!bot.isInited()) bot.botInfo = await bot.api.getMe();
      try {
        await registerCommandMenus(bot.api, core.t);
      } catch (error) {
        // A missing menu is cosmetic: commands still work when typed.
        logger.warn({ telegram: describeError(error) }, 'telegram command menus not registered');
      }
      if (webhookMode) {
        await bot.api.setWebhook(options.webhookUrl!, { secret_token: options.webhookSecret!, allowed_updates: [...ALLOWED_UPDATES] });
        logger.info({ mode: 'webhook' }, 'telegram adapter started');
        return;
      }
      // getUpdates is refused while a webhook is set.
      await bot.api.deleteWebhook();
      runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true } });
      logger.info({ mode: 'long-polling' }, 'telegram adapter started');
    },
    async stop() {
      if (runner?.isRunning()) await runner.stop();
      runner = null;
    },
  };
}
