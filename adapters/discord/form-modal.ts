/**
 * The chat layer's neutral forms as Discord modals, and a submitted modal's
 * values back as plain form values.
 */
import {
  ComponentType,
  LabelBuilder,
  ModalBuilder,
  StringSelectMenuBuilder,
  StringSelectMenuOptionBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { FormField, FormSpec } from '../../src/chat/index.ts';
import { clip } from './render-discord.ts';

const MODAL_SUFFIX = ':modal';
/** Discord's limits for a modal: title 45 characters, label 45, description 100, placeholder 100. */
const TITLE_MAX = 45;
const LABEL_MAX = 45;
const HINT_MAX = 100;

/**
 * @example await interaction.showModal(toModal(form))
 */
export function toModal(form: FormSpec): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(`${form.id}${MODAL_SUFFIX}`)
    .setTitle(clip(form.title, TITLE_MAX))
    .addLabelComponents(...form.fields.map(toLabel));
}

function toLabel(field: FormField): LabelBuilder {
  const label = new LabelBuilder().setLabel(clip(field.label, LABEL_MAX));
  if (field.hint) label.setDescription(clip(field.hint, HINT_MAX));
  if (field.kind === 'choice') {
    const select = new StringSelectMenuBuilder()
      .setCustomId(field.id)
      .setMinValues(1)
      .setMaxValues(1)
      .addOptions((field.choices ?? []).map((c) => new StringSelectMenuOptionBuilder().setValue(c.value).setLabel(clip(c.label, 100)).setDefault(c.value === field.value)));
    return label.setStringSelectMenuComponent(select);
  }
  const input = new TextInputBuilder().setCustomId(field.id).setStyle(TextInputStyle.Short).setRequired(field.required);
  if (field.maxLength) input.setMaxLength(field.maxLength);
  if (field.placeholder) input.setPlaceholder(clip(field.placeholder, HINT_MAX));
  if (field.value) input.setValue(field.value);
  return label.setTextInputComponent(input);
}

/** The form a modal's custom id names, or null for a modal that is not ours. */
export function formOfModal(customId: string): string | null {
  return customId.endsWith(MODAL_SUFFIX) ? customId.slice(0, -MODAL_SUFFIX.length) : null;
}

/** Every text input and select of a submitted modal, by field id. */
export function valuesOfModal(interaction: ModalSubmitInteraction): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of interaction.fields.fields.values()) {
    if (field.type === ComponentType.TextInput) values[field.customId] = field.value;
    else if (field.type === ComponentType.StringSelect) values[field.customId] = field.values?.[0] ?? '';
  }
  return values;
}
