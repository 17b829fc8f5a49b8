/**
 * How one interaction gets answered: acknowledged in time (Discord allows
 * 3 s), then the chat layer's replies drawn as the right Discord calls, and
 * a personal answer never landing in a public message.
 */
import { DiscordAPIError, MessageFlags } from 'discord.js';
import type { Reply } from '../../src/chat/index.ts';
import type { RepliableInteraction } from './discord-user.ts';
import { toModal } from './form-modal.ts';
import { toDiscordMessages, type DiscordMessage } from './render-discord.ts';

/** Discord's error code for a second response to one interaction (another instance got there first). */
export const ALREADY_ACKNOWLEDGED = 40060;

/** Not yet answered, a deferred reply (private or public), a deferred update of the button's message, or answered. */
type AnswerState = 'none' | 'deferred-ephemeral' | 'deferred-public' | 'deferred-update' | 'replied';

export interface InteractionAnswer {
  /**
   * Acknowledges before any slow work, with the visibility the answer will
   * have; false when the interaction was acknowledged elsewhere already.
   */
  acknowledge(visibility: 'personal' | 'shared' | 'in-place'): Promise<boolean>;
  /** Sends replies, whatever happened before; the first may be a form (a modal). */
  respond(replies: Reply[]): Promise<void>;
}

/** True when Discord says this interaction was answered already (a duplicate delivery). */
export function isAlreadyAcknowledged(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.code === ALREADY_ACKNOWLEDGED;
}

export function answerTo(interaction: RepliableInteraction): InteractionAnswer {
  let state: AnswerState = 'none';
  const ephemeral = { flags: MessageFlags.Ephemeral } as const;

  async function send(reply: Reply): Promise<void> {
    // A very long text (the largest case's story) is several messages: the first answers, the rest follow up.
    const [message, ...more] = toDiscordMessages(reply);
    await first(reply, message!);
    for (const next of more) await interaction.followUp({ ...next, ...(reply.personal ? ephemeral : {}) });
  }

  async function first(reply: Reply, message: DiscordMessage): Promise<void> {
    switch (state) {
      case 'none':
        if (reply.form && !interaction.isModalSubmit()) await interaction.showModal(toModal(reply.form));
        else if (reply.inPlace && interaction.isButton()) await interaction.update(message);
        else await interaction.reply({ ...message, ...(reply.personal ? ephemeral : {}) });
        break;
      case 'deferred-ephemeral':
        await interaction.editReply(message);
        break;
      case 'deferred-public':
        if (reply.personal) {
          // The public "thinking…" placeholder goes away; the answer is for this person only.
          await interaction.deleteReply().catch(() => {});
          await interaction.followUp({ ...message, ...ephemeral });
        } else {
          await interaction.editReply(message);
        }
        break;
      case 'deferred-update':
        if (reply.inPlace) await interaction.editReply(message);
        else await interaction.followUp({ ...message, ...(reply.personal ? ephemeral : {}) });
        break;
      case 'replied':
        await interaction.followUp({ ...message, ...(reply.personal ? ephemeral : {}) });
    }
    state = 'replied';
  }

  return {
    async acknowledge(visibility) {
      try {
        if (visibility === 'in-place' && interaction.isButton()) {
          await interaction.deferUpdate();
          state = 'deferred-update';
        } else {
          await interaction.deferReply(visibility === 'shared' ? {} : ephemeral);
          state = visibility === 'shared' ? 'deferred-public' : 'deferred-ephemeral';
        }
        return true;
      } catch (error) {
        if (isAlreadyAcknowledged(error)) return false;
        throw error;
      }
    },
    async respond(replies) {
      if (replies.length === 0) {
        // Nothing to say (a repeated event): do not leave "thinking…" behind.
        if (state === 'deferred-ephemeral' || state === 'deferred-public') await interaction.deleteReply().catch(() => {});
        return;
      }
      for (const reply of replies) await send(reply);
    },
  };
}
