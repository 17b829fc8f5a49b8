/**
 * The chat layer's public entry point: the supporter conversation every chat
 * surface shares, its pipeline and middleware, button payloads and forms.
 * Adapters import from here (and from the core's and the platform contract's
 * entry points) only.
 */
export { Action, decodeAction, encodeAction, MAX_ACTION_BYTES, type ChatAction } from './actions.ts';
export { CHAT_COMMANDS, ChatBot, type ChatBotDeps, type ChatCommand, type ShareSettings } from './chat-bot.ts';
export type { ChatEvent, ChatInput, ChatSurface, ChatUser, CommunityChannel } from './chat-event.ts';
export { SIGN_FORM, SignField, type FormChoice, type FormField, type FormSpec } from './forms.ts';
export { compose, contextFor, type ChatContext, type ChatMiddleware } from './pipeline.ts';
export { Renderer } from './render.ts';
export type { Reply, ReplyFile } from './reply.ts';
export { answerInTime, type InstantAnswers } from './middleware/answer-in-time.ts';
export { apologize, type ApologizeOptions } from './middleware/apologize.ts';
export { floodLimit } from './middleware/flood-limit.ts';
export { inOrder } from './middleware/in-order.ts';
export { onceEach } from './middleware/once-each.ts';
export { readLocale } from './middleware/read-locale.ts';
export { timing } from './middleware/timing.ts';
export { formatDate, formatDateTime, formatIsoDate, formatList, formatNumber, formatPercent } from '../i18n/format.ts';
export { signForm, signInputFrom, typedFrom, type TypedSignature } from './sign-form.ts';
export { clipText, hasLoneSurrogate, joinableParts, splitText, type Measure } from './text-cut.ts';
