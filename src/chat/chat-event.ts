/** One thing a person did on a chat surface, as the adapter hands it to the chat layer. */
import type { EventRef, SignerRef, SigningSignals } from '../core/index.ts';
import type { Reply } from './reply.ts';

/** What a surface can draw; the chat layer adapts its answers to it. */
export interface ChatSurface {
  /** The platform, e.g. `telegram`, `discord`, `terminal`. */
  platform: string;
  /** What the platform calls one incoming event (`update`, `interaction`), for log lines. */
  eventName: string;
  /**
   * Whether the person picks a language here (`/language`), kept in storage;
   * otherwise the platform's own language setting is used as it is.
   */
  storedLanguage: boolean;
  /** Whether it shows a whole form at once (Discord modals); otherwise fields are asked one by one. */
  forms: boolean;
  /** The commands it offers, so replies never mention one the person cannot use. */
  commands: ReadonlySet<string>;
}

/** A group chat or server channel that can receive the campaign's reminders and milestones. */
export interface CommunityChannel {
  /** Where reminders would go, e.g. `telegram:-100123` or `discord:channel:456`. */
  address: string;
  /**
   * The whole community the channel belongs to, e.g. `telegram:-100123` (the group) or
   * `discord:guild:789` (the server, as in `signals.community`): its referral code is made from this.
   */
  key: string;
  /** The group's or server's name as the platform gives it, for staff reports; absent when unknown. */
  name?: string | null | undefined;
  /** How the chat layer names it in replies, e.g. `<#456>` on Discord or the group's title. */
  label: string;
  /** Whether the person may choose for the community (a group admin, Manage Server), asked of the platform. */
  canManage(): Promise<boolean>;
}

/** Who is talking to the bot and where, as the adapter knows it. */
export interface ChatUser {
  signer: SignerRef;
  /** Where the bot can reach this person later, e.g. `telegram:42`. */
  address: string;
  /** Events of one conversation are handled one at a time, in order, e.g. `telegram:42`. */
  conversation: string;
  surface: ChatSurface;
  /** The platform's language tag (Telegram `language_code`), used until the person picks one. */
  languageTag?: string | undefined;
  platformName?: string | undefined;
  /** False in groups: personal data is never asked for or shown there. */
  isPrivate: boolean;
  /** The community channel the person acts for, where the platform has one (a group, a server channel). */
  community?: CommunityChannel | undefined;
  /** What the platform tells about the account and where it signs from, for the review rules (never stored as is). */
  signals?: SigningSignals | undefined;
  /** Platform links: a deep link into the private chat, a share link for a referral code. */
  links?: { privateChat(payload: string): string; share?(code: string): string };
}

export type ChatInput =
  | { kind: 'command'; name: string; args: string }
  /** A button, by its encoded payload (see actions.ts). */
  | { kind: 'action'; payload: string }
  | { kind: 'text'; text: string }
  /** A whole form sent back at once (see forms.ts). */
  | { kind: 'form'; form: string; values: Record<string, string> }
  /** The person blocked the bot, or the bot was removed from the group. */
  | { kind: 'gone' };

export interface ChatEvent {
  /** The platform's own id for this event, for exactly-once handling; absent where nothing is ever redelivered. */
  id?: EventRef | undefined;
  user: ChatUser;
  input: ChatInput;
  /**
   * Sends replies the way the platform answers this event (messages, an
   * interaction response). Throws `RecipientGoneError` when the person can no
   * longer be reached.
   */
  respond(replies: Reply[]): Promise<void>;
  /**
   * For surfaces that must acknowledge an event within a deadline (Discord):
   * called before any slow work, unless the answer needs no storage; resolves
   * false when the event was acknowledged elsewhere already (a duplicate).
   */
  acknowledge?(visibility: 'personal' | 'shared' | 'in-place'): Promise<boolean>;
  /**
   * Told, without waiting, once this delivery of the event is the one that
   * answers it (the journal has claimed it; before the handler runs where it
   * can be), so a surface can show it was heard meanwhile (Telegram stops a
   * button's spinner). Not told for a duplicate that has nothing to answer.
   */
  answering?(): void;
}
