import type { types } from '@slack/bolt';
import type { Translate } from '../../src/core/index.ts';
import type { Locale } from '../../src/core/index.ts';
import type { Case } from '../../src/core/index.ts';
import { clip } from './slack-text.ts';

export const CASE_FORM = 'case_form';

/** What the form carries between opening and submission. */
export interface CaseFormMetadata {
  mode: 'add' | 'edit';
  /** Fixed for edits: the number is the case's identity. */
  number?: number;
  responseUrl?: string;
}

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
  ['story_en', false, 3000],
  ['story_ko', false, 3000],
  ['story_zh', false, 3000],
  ['story_zh-Hant', false, 3000],
  ['story_es', false, 3000],
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
  for (const [field, required, max] of TEXT_FIELDS) {
    const value = initial[field];
    blocks.push({
      type: 'input',
      block_id: field,
      optional: !required,
      label: label(field),
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        multiline: field.startsWith('story') || field.startsWith('summary'),
        max_length: max,
        ...(value ? { initial_value: clip(value, max) } : {}),
      },
    });
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
  for (const [field] of TEXT_FIELDS) row[field] = values[field]?.value?.value ?? null;
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
