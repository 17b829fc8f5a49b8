import { Composer, type Context } from 'grammy';
import { CHAT_COMMANDS, type ChatBot, type ChatUser } from '../../src/chat/chat-bot.ts';
import type { Reply } from '../../src/chat/render.ts';
import type { CampaignCore } from '../../src/campaign-core.ts';
import { toTelegramMessages } from './render-telegram.ts';
import { chatUserOf, telegramAddress } from './telegram-user.ts';

/** `/name`, `/name@bot` and `/name args`; Telegram allows a-z, 0-9 and _ in command names. */
const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/;

/** The person and chat of an update, as the core knows them. */
export function chatUserFrom(ctx: Context): ChatUser | null {
  if (!ctx.from || !ctx.chat) return null;
  return chatUserOf(ctx.from, ctx.chat, ctx.me.username);
}

/** Sends the replies in order, each as one or more plain-text messages. */
export async function sendReplies(ctx: Context, replies: Reply[]): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  // In a forum topic, answer in the same topic.
  const thread = ctx.msg?.is_topic_message ? { message_thread_id: ctx.msg.message_thread_id } : {};
  for (const reply of replies) {
    for (const message of toTelegramMessages(reply)) {
      await ctx.api.sendMessage(chatId, message.text, { ...thread, ...message.options });
    }
  }
}

/**
 * The supporter conversation on Telegram: each update becomes one ChatBot
 * call (command, button or text) and its replies are drawn as messages.
 */
export function conversation(chat: ChatBot, core: CampaignCore): Composer<Context> {
  const composer = new Composer<Context>();

  composer.on('message:text', async (ctx) => {
    const user = chatUserFrom(ctx);
    if (!user) return;
    const command = COMMAND.exec(ctx.msg.text);
    if (command) {
      const [, name, target, args] = command;
      // In groups, `/sign@otherbot` is for another bot.
      if (target && target.toLowerCase() !== ctx.me.username.toLowerCase()) return;
      // Unknown commands in groups are likely meant for other bots: stay quiet there.
      if (!user.isPrivate && !isOurCommand(name!)) return;
      return sendReplies(ctx, await chat.command(user, name!, args ?? ''));
    }
    // With privacy mode a group sends us only replies and mentions; we ask nothing there.
    if (!user.isPrivate) return;
    return sendReplies(ctx, await chat.text(user, ctx.msg.text));
  });

  composer.on('callback_query:data', async (ctx) => {
    // Stop the button's spinner first, whatever happens next.
    await ctx.answerCallbackQuery();
    const user = chatUserFrom(ctx);
    if (!user) return;
    return sendReplies(ctx, await chat.action(user, ctx.callbackQuery.data));
  });

  // A user who blocks the bot gets no more reminders; Telegram tells us at once.
  composer.on('my_chat_member', async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    if (status === 'kicked' || status === 'left') await core.reminders.unsubscribe(telegramAddress(ctx.chat.id));
  });

  return composer;
}

const OUR_COMMANDS: ReadonlySet<string> = new Set(CHAT_COMMANDS);

function isOurCommand(name: string): boolean {
  return OUR_COMMANDS.has(name.toLowerCase());
}
