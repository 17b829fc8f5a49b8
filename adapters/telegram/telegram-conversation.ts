import { Composer, InputFile, type Context } from 'grammy';
import { CHAT_COMMANDS, type ChatBot, type ChatInput, type ChatUser, type Reply } from '../../src/chat/index.ts';
import { RecipientGoneError } from '../../src/core/index.ts';
import { toTelegramMessages } from './render-telegram.ts';
import { isRecipientGone } from './telegram-errors.ts';
import { chatUserOf, telegramAddress } from './telegram-user.ts';

/** Telegram's limit for a document's caption. */
const MAX_CAPTION_LENGTH = 1024;

/** `/name`, `/name@bot` and `/name args`; Telegram allows a-z, 0-9 and _ in command names. */
const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/;

const OUR_COMMANDS: ReadonlySet<string> = new Set(CHAT_COMMANDS);

/** The person and chat of an update, as the chat layer knows them. */
export function chatUserFrom(ctx: Context): ChatUser | null {
  if (!ctx.from || !ctx.chat) return null;
  return chatUserOf(ctx.from, ctx.chat as typeof ctx.chat & { title?: string }, ctx.me.username, ctx.api);
}

/**
 * Stops a button press's spinner; a message needs no answer. An old or
 * repeated press cannot be answered any more; that must not stop the replies.
 */
function answerPress(ctx: Context): Promise<void> {
  return ctx.callbackQuery ? ctx.answerCallbackQuery().then(() => {}, () => {}) : Promise.resolve();
}

/**
 * Sends replies in order, each as one or more plain-text messages. A blocked
 * bot becomes `RecipientGoneError` for the chat layer's one handler.
 */
export async function sendReplies(ctx: Context, replies: Reply[]): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  // In a forum topic, answer in the same topic.
  const thread = ctx.msg?.is_topic_message ? { message_thread_id: ctx.msg.message_thread_id } : {};
  try {
    for (const reply of replies) {
      // A file goes as a document, its text as the caption when that fits Telegram's limit.
      const caption = reply.file && reply.text.length <= MAX_CAPTION_LENGTH && !reply.buttons?.length ? reply.text : null;
      if (caption === null) {
        for (const message of toTelegramMessages(reply)) {
          await ctx.api.sendMessage(chatId, message.text, { ...thread, ...message.options });
        }
      }
      if (reply.file) {
        const document = new InputFile(Buffer.from(reply.file.content, 'utf8'), reply.file.name);
        await ctx.api.sendDocument(chatId, document, { ...thread, ...(caption !== null ? { caption } : {}) });
      }
    }
  } catch (error) {
    if (isRecipientGone(error)) throw new RecipientGoneError(telegramAddress(chatId), error.description, ctx.chat?.type === 'private' ? 'person' : 'channel');
    throw error;
  }
}

/**
 * The supporter conversation on Telegram: each update becomes one chat event
 * (command, button, text, or the bot being blocked), identified by its
 * `update_id` so a redelivery has one effect, and answered as messages.
 * `onReplied` hears of each update whose replies all went out.
 */
export function conversation(chat: ChatBot, onReplied?: (updateId: number) => void): Composer<Context> {
  const composer = new Composer<Context>();
  const handle = (ctx: Context, user: ChatUser, input: ChatInput) => {
    // A press is answered once: while it is handled (`answering`: one Bot API round trip less
    // before the replies), or else just before them; never for a duplicate with nothing to send.
    let answered: Promise<void> | undefined;
    const answerOnce = () => (answered ??= answerPress(ctx));
    return chat.handle({
      id: { source: 'telegram', id: String(ctx.update.update_id) },
      user,
      input,
      respond: async (replies) => {
        await answerOnce();
        await sendReplies(ctx, replies);
        onReplied?.(ctx.update.update_id);
      },
      answering: () => void answerOnce(),
    });
  };

  composer.on('message:text', async (ctx) => {
    const user = chatUserFrom(ctx);
    if (!user) return;
    const command = COMMAND.exec(ctx.msg.text);
    if (command) {
      const [, name, target, args] = command;
      // In groups, `/sign@otherbot` is for another bot.
      if (target && target.toLowerCase() !== ctx.me.username.toLowerCase()) return;
      // Unknown commands in groups are likely meant for other bots: stay quiet there.
      if (!user.isPrivate && !OUR_COMMANDS.has(name!.toLowerCase())) return;
      return handle(ctx, user, { kind: 'command', name: name!, args: args ?? '' });
    }
    // With privacy mode a group sends us only replies and mentions; we ask nothing there.
    if (!user.isPrivate) return;
    return handle(ctx, user, { kind: 'text', text: ctx.msg.text });
  });

  composer.on('callback_query:data', async (ctx) => {
    const user = chatUserFrom(ctx);
    if (!user) return answerPress(ctx);
    return handle(ctx, user, { kind: 'action', payload: ctx.callbackQuery.data });
  });

  // A user who blocks the bot (or a group that removes it) gets no more reminders; Telegram tells us at once.
  composer.on('my_chat_member', async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    const user = chatUserFrom(ctx);
    if (user && (status === 'kicked' || status === 'left')) return handle(ctx, user, { kind: 'gone' });
  });

  return composer;
}
