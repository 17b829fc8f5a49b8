import { sequentialize } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { AdapterStartError, type AdapterContext, type PlatformAdapter } from '../../src/platform.ts';
import { registerCommandMenus } from './commands.ts';
import { startLongPolling } from './long-polling.ts';
import { createBroadcastApi, installReplyRetry } from './telegram-api.ts';
import { conversation } from './telegram-conversation.ts';
import { describeError } from './telegram-errors.ts';
import { createTelegramMessenger } from './telegram-messenger.ts';
import { createWebhookHandler } from './webhook.ts';

/** The updates the bot asks Telegram for. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

export interface TelegramConfig {
  token: string;
  /** Bot API root: https://api.telegram.org, a self-hosted Bot API server or a test server. */
  apiRoot: string;
  /** Set for webhook mode; null or absent means long polling. */
  webhookUrl?: string | null;
  /** Required with webhookUrl: Telegram sends it in X-Telegram-Bot-Api-Secret-Token. */
  webhookSecret?: string | null;
  /** Known bot info: skips `getMe` (tests, benchmarks). */
  botInfo?: UserFromGetMe;
}

export interface TelegramAdapter extends PlatformAdapter {
  /** The grammY bot; `bot.handleUpdate(update)` drives it directly. */
  readonly bot: Bot;
  /** The path of the webhook URL, e.g. `/telegram/webhook`; null in long-polling mode. */
  readonly webhookPath: string | null;
}

/**
 * The Telegram adapter: a grammY bot whose updates become events of the
 * shared chat layer (which deduplicates them, keeps each chat in order and
 * apologizes on failure), the webhook or long polling, and the Messenger for
 * reminders. An update is answered, to Telegram, only after it was handled.
 *
 * @example const telegram = createTelegramAdapter({ chat, core, logger, clock, config: config.telegram }); await telegram.start();
 */
export function createTelegramAdapter(context: AdapterContext<TelegramConfig>): TelegramAdapter {
  const { config, logger, core } = context;
  if (config.webhookUrl && !config.webhookSecret) throw new AdapterStartError('Telegram', 'a webhook needs a secret token', ['TELEGRAM_WEBHOOK_SECRET']);
  const bot = new Bot(config.token, {
    ...(config.botInfo ? { botInfo: config.botInfo } : {}),
    client: { apiRoot: config.apiRoot },
  });
  installReplyRetry(bot.api);
  // Per chat, one update at a time in arrival order, before anything awaits; different chats run side by side.
  bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : undefined)));
  const replied = new Map<number, () => void>();
  /** Updates answered or being handled; stop() waits for them, so none is cut off by the database closing. */
  const finishing = new Set<Promise<void>>();
  bot.use(conversation(context.chat, (updateId) => replied.get(updateId)?.()));
  // Errors reach here only when the chat layer could not even apologize: the update is not
  // answered, so Telegram (or the poller) sends it again.
  const handleUpdate = async (update: Update) => {
    try {
      await bot.handleUpdate(update);
    } catch (error) {
      throw (error as { error?: unknown }).error ?? error;
    }
  };
  // The webhook answers 200 as soon as the update's replies went out: its effect was committed
  // before they were sent, so nothing is left that a redelivery could add, and the moment
  // between sending the replies and recording them as sent (a database write that may wait for
  // a connection under load) is no longer one in which a crash makes Telegram resend the update
  // and the person get the replies twice. Recording them as sent finishes in the background;
  // the next update of the same chat still waits for it.
  const answerWhenReplied = async (update: Update) => {
    let answered = false;
    const sent = new Promise<void>((resolve) => replied.set(update.update_id, () => resolve(void (answered = true))));
    const handling = handleUpdate(update).finally(() => {
      replied.delete(update.update_id);
      finishing.delete(handling);
    });
    finishing.add(handling);
    // Before the answer, a failure is the webhook's to report (no 200: Telegram sends the update again).
    handling.catch((error: unknown) => {
      if (answered) logger.warn({ telegram: describeError(error) }, 'telegram update answered, but finishing it failed');
    });
    await Promise.race([handling, sent]);
  };

  const webhookMode = Boolean(config.webhookUrl);
  const webhookPath = webhookMode ? new URL(config.webhookUrl!).pathname : null;
  let polling: { stop(): Promise<void> } | null = null;

  return {
    name: 'telegram',
    bot,
    webhookPath,
    messenger: createTelegramMessenger(createBroadcastApi(config.token, config.apiRoot)),
    routes: webhookMode ? [{ path: webhookPath!, handler: createWebhookHandler({ secretToken: config.webhookSecret!, handleUpdate: answerWhenReplied, logger }) }] : [],
    async start() {
      // bot.init() retries getMe forever; one direct call fails fast with a clear error.
      try {
        if (!bot.isInited()) bot.botInfo = await bot.api.getMe();
      } catch (error) {
        throw new AdapterStartError('Telegram', `getMe failed: ${reasonOf(error)}`, ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_API_ROOT']);
      }
      try {
        await registerCommandMenus(bot.api, core.t);
      } catch (error) {
        // A missing menu is cosmetic: commands still work when typed.
        logger.warn({ telegram: describeError(error) }, 'telegram command menus not registered');
      }
      try {
        if (webhookMode) {
          await bot.api.setWebhook(config.webhookUrl!, { secret_token: config.webhookSecret!, allowed_updates: [...ALLOWED_UPDATES] });
        } else {
          // getUpdates is refused while a webhook is set.
          await bot.api.deleteWebhook();
        }
      } catch (error) {
        throw new AdapterStartError('Telegram', `${webhookMode ? 'setWebhook' : 'deleteWebhook'} failed: ${reasonOf(error)}`, webhookMode ? ['TELEGRAM_WEBHOOK_URL'] : []);
      }
      if (!webhookMode) polling = startLongPolling({ api: bot.api, handleUpdate, allowedUpdates: ALLOWED_UPDATES, logger });
      logger.info({ mode: webhookMode ? 'webhook' : 'long-polling' }, 'telegram adapter started');
    },
    async stop() {
      await polling?.stop();
      polling = null;
      await Promise.allSettled([...finishing]);
    },
  };
}

/** What Telegram or the network said, without the token (grammY puts the URL in some messages). */
function reasonOf(error: unknown): string {
  const described = describeError(error);
  if (described.kind === 'telegram-refused') return `${described.code} ${described.description}`;
  if (described.kind === 'telegram-unreachable') return `the Bot API is unreachable (${systemCodeOf(error) ?? described.cause})`;
  return String(described.kind);
}

/** The network's own word for a failed call (ECONNREFUSED, ENOTFOUND), wherever the HTTP client wrapped it. */
function systemCodeOf(error: unknown): string | null {
  let value = (error as { error?: unknown }).error;
  for (let depth = 0; value && depth < 4; depth++) {
    const code = (value as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    value = (value as { cause?: unknown }).cause;
  }
  return null;
}
