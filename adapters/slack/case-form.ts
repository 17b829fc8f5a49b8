import type { types } from '@slack/bolt';
import type { Translate } from '../../src/core/index.ts';
import type { Locale } from '../../src/core/index.ts';
import type { Case } from '../../src/core/index.ts';
import { joinableParts } from '../../src/chat/index.ts';
import { clip } from './slack-text.ts';

export const CASE_FORM = 'case_form';

/** What the form carries between opening and submission. */
export interface CaseFormMetadata {
  mode: 'add' | 'edit';
  /** Fixed for edits: the number is the case's identity. */
  number?: number;
  responseUrl?: string;
}

/**
 * Slack's `plain_text_input` holds at most 3,000 characters
 * (https://api.slack.com/reference/block-kit/block-elements#input), but THE
 * LIST allows stories of 5,000: each story has a second input for the rest,
 * so an edit gives back every character it was given and never saves a
 * story cut to the form's limit.
 */
export const INPUT_MAX = 3000;
/** The block id of a story's second input. */
const more = (field: string) => `${field}_more`;
const STORY_FIELDS = new Set(['story_en', 'story_ko', 'story_zh', 'story_zh-Hant', 'story_es']);

/** Fields in import-file naming, so the form is checked by the import's own rules. */
const TEXT_FIELDS = [
  ['name', false, 200],
  ['date', false, 10],
  ['place', false, 200],
  ['summary_en', true, 500],
  ['summary_ko', true, 500],
  ['summary_zh', true, 500],
  // Optional: without them zh-Hant readers see the Chinese text and es readers the English one.
  ['summary_zh-Hant', false, 500],
  ['summary_es', false, 500],
  ['story_en', false, INPUT_MAX],
  ['story_ko', false, INPUT_MAX],
  ['story_zh', false, INPUT_MAX],
  ['story_zh-Hant', false, INPUT_MAX],
  ['story_es', false, INPUT_MAX],
  ['source', false, 500],
] as const;

/** The add/edit modal; an existing case fills the fields. */
export function caseFormView(t: Translate, locale: Locale, existing: Case | null, metadata: CaseFormMetadata): types.ModalView {
  const label = (field: string) => ({ type: 'plain_text' as const, text: t(locale, `slack.case.field.${field}`) });
  const initial = existing ? initialValues(existing) : {};
  const blocks: types.KnownBlock[] = [];
  if (metadata.mode === 'add') {
    blocks.push({ type: 'input', block_id: 'number', label: label('number'), element: { type: 'plain_text_input', action_id: 'value', max_length: 7 } });
  }
  const kinds = (['refugee', 'humanitarian-worker'] as const).map((kind) => ({
    text: { type: 'plain_text' as const, text: t(locale, `list.kind.${kind}`) },
    value: kind,
  }));
  blocks.push({
    type: 'input',
    block_id: 'kind',
    label: label('kind'),
    element: { type: 'static_select', action_id: 'value', options: kinds, ...(existing ? { initial_option: kinds.find((k) => k.value === existing.kind)! } : {}) },
  });
  const input = (blockId: string, text: types.PlainTextElement, required: boolean, max: number, multiline: boolean, value: string | undefined): types.InputBlock => ({
    type: 'input',
    block_id: blockId,
    optional: !required,
    label: text,
    element: { type: 'plain_text_input', action_id: 'value', multiline, max_length: max, ...(value ? { initial_value: value } : {}) },
  });
  for (const [field, required, max] of TEXT_FIELDS) {
    const value = initial[field] ?? '';
    if (STORY_FIELDS.has(field)) {
      // Cut between two non-space characters, so the halves join back to the very same story.
      const [first = '', second = '', ...beyond] = joinableParts(value, max);
      if (beyond.length > 0) throw new RangeError(`${field} is longer than two inputs hold`);
      blocks.push(input(field, label(field), required, max, true, first || undefined));
      blocks.push(input(more(field), { type: 'plain_text', text: t(locale, 'slack.case.field.continued', { field: label(field).text }) }, false, max, true, second || undefined));
      continue;
    }
    if (value.length > max) throw new RangeError(`${field} is longer than its input holds`);
    blocks.push(input(field, label(field), required, max, field.startsWith('summary'), value || undefined));
  }
  const title = metadata.mode === 'add' ? t(locale, 'slack.case.title-add') : t(locale, 'slack.case.title-edit', { number: metadata.number });
  return {
    type: 'modal',
    callback_id: CASE_FORM,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: clip(title, 24) },
    submit: { type: 'plain_text', text: t(locale, 'slack.case.save') },
    close: { type: 'plain_text', text: t(locale, 'slack.case.cancel') },
    blocks,
  };
}

/** The submitted values as an import row (the same field names as a CSV header). */
export function caseFormRow(values: Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>, metadata: CaseFormMetadata): Record<string, unknown> {
  const row: Record<string, unknown> = { number: metadata.mode === 'edit' ? metadata.number : values.number?.value?.value };
  row.kind = values.kind?.value?.selected_option?.value;
  for (const [field] of TEXT_FIELDS) {
    const value = values[field]?.value?.value ?? null;
    if (!STORY_FIELDS.has(field)) {
      row[field] = value;
      continue;
    }
    // The two inputs of a story are one text again; the import's rules check its whole length.
    const joined = `${value ?? ''}${values[more(field)]?.value?.value ?? ''}`;
    row[field] = joined === '' ? null : joined;
  }
  return row;
}

function initialValues(c: Case): Partial<Record<(typeof TEXT_FIELDS)[number][0], string>> {
  return {
    name: c.name ?? undefined,
    date: c.date ?? undefined,
    place: c.place ?? undefined,
    summary_en: c.summary.en,
    summary_ko: c.summary.ko,
    summary_zh: c.summary.zh,
    'summary_zh-Hant': c.summary['zh-Hant'],
    summary_es: c.summary.es,
    story_en: c.story.en,
    story_ko: c.story.ko,
    story_zh: c.story.zh,
    'story_zh-Hant': c.story['zh-Hant'],
    story_es: c.story.es,
    source: c.source ?? undefined,
  };
}
