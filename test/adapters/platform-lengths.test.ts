/**
 * Every platform string in every language fits its platform's limit
 * (test/support/platform-limits.ts, which cites the documentation), so no
 * adapter has to cut a translated label, title or description. Languages are
 * the folders under locales/ — a language added there is checked at once,
 * even before the app's language list names it: a small translator here
 * reads the files directly (fallback English, plurals by Intl.PluralRules,
 * `{{value}}` filled with the longest value the app can put there).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceFormView, announcePreview } from '../../adapters/slack/announce-form.ts';
import { caseFormView } from '../../adapters/slack/case-form.ts';
import { removalPrompt } from '../../adapters/slack/case-removal.ts';
import { loadingView } from '../../adapters/slack/petition-command.ts';
import { signForm } from '../../src/chat/index.ts';
import { LOCALES, type Case, type Locale, type Translate } from '../../src/core/index.ts';
import { LOCALES_FOLDER } from '../../src/i18n/i18n.ts';
import { DISCORD, SLACK, TELEGRAM, slackBlockProblems, slackViewProblems } from '../support/platform-limits.ts';

type Tree = { [key: string]: string | Tree };

const languages = readdirSync(LOCALES_FOLDER, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function load(language: string): Record<string, Tree> {
  const folder = join(LOCALES_FOLDER, language);
  return Object.fromEntries(readdirSync(folder).filter((f) => f.endsWith('.json')).map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(folder, f), 'utf8')) as Tree]));
}
const resources = Object.fromEntries(languages.map((l) => [l, load(l)]));

/** The node at `ns:a.b` (namespace `bot` when none is given). */
function node(language: string, key: string): string | Tree | undefined {
  const [ns, path] = key.includes(':') ? (key.split(':') as [string, string]) : ['bot', key];
  let at: string | Tree | undefined = resources[language]?.[ns];
  for (const part of path.split('.')) at = typeof at === 'object' ? at[part] : undefined;
  return at;
}

/** Every string under a key (the key itself, or all leaves below it), by full key. */
function leaves(language: string, key: string): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const walk = (k: string, n: string | Tree | undefined) => {
    if (typeof n === 'string') found.push([k, n]);
    else if (n) for (const [child, value] of Object.entries(n)) walk(`${k}.${child}`, value);
  };
  walk(key, node(language, key));
  return found;
}

/** A translator over the raw files for any folder, with the worst-case value for each placeholder. */
function translatorFor(language: string): Translate {
  const string = (lng: string, key: string, params: Record<string, unknown>): string | undefined => {
    const candidates = [
      ...(params.context ? [`${key}_${String(params.context)}`] : []),
      ...(typeof params.count === 'number' ? [`${key}_${new Intl.PluralRules(lng).select(params.count)}`, `${key}_other`] : []),
      key,
    ];
    for (const c of candidates) {
      const value = node(lng, c);
      if (typeof value === 'string') return value;
    }
    return undefined;
  };
  return (_locale, key, params = {}) => {
    const template = string(language, key, params) ?? string('en', key, params) ?? key;
    return template.replace(/\{\{\s*([\w.]+)\s*(?:,\s*josa\(([^/)]+)\/[^)]+\))?[^}]*\}\}/g, (_, name: string, particle?: string) => `${String(params[name] ?? 'X')}${particle ?? ''}`);
  };
}

/** A case as long as THE LIST's rules allow, for the builders that show one. */
const largestCase: Case = {
  number: 1_000_000,
  kind: 'humanitarian-worker',
  name: 'N'.repeat(200),
  date: '2024-02-29',
  place: 'P'.repeat(200),
  summary: { en: 'S'.repeat(500), ko: 'S'.repeat(500), zh: 'S'.repeat(500) },
  story: { en: 's'.repeat(5000), ko: 's'.repeat(5000), zh: 's'.repeat(5000) },
  source: 'o'.repeat(500),
  isSample: true,
};

/** Each string over its limit, as "key (length > limit)". */
function over(entries: Array<[string, string]>, limit: number): string[] {
  return entries.filter(([, text]) => text.length > limit || text.length === 0).map(([key, text]) => `${key} (${text.length} > ${limit})`);
}

describe.each(languages)('platform strings in %s fit the platforms', (language) => {
  const t = translatorFor(language);
  const locale = language as Locale;
  const all = (...keys: string[]) => keys.flatMap((k) => leaves(language, k));

  it('reads the language from its folder, like the app', () => {
    expect(languages).toEqual(expect.arrayContaining([...LOCALES]));
    expect(Object.keys(resources[language]!)).toContain('bot');
    // The small translator finds the strings (a missing key would read as the short key itself).
    expect(t(locale, 'slack.case.title-edit', { number: 7 })).toMatch(/7/);
    expect(t(locale, 'slack.case.title-edit', { number: 7 })).not.toContain('slack.');
    expect(all('buttons').length).toBeGreaterThan(10);
    expect(leaves(language, 'discord.commands').length).toBeGreaterThan(10);
    expect(all('telegram-menu').length).toBeGreaterThan(10);
  });

  it('Discord: command and option descriptions ≤ 100, names ≤ 32 lowercase, choices ≤ 100', () => {
    const described = ['discord.commands', 'discord.options', 'discord.subcommands'].flatMap((group) => leaves(language, group));
    expect(over(described.filter(([key]) => key.endsWith('.description')), DISCORD.commandDescription)).toEqual([]);
    const names = described.filter(([key]) => key.endsWith('.name'));
    expect(over(names, DISCORD.commandName)).toEqual([]);
    expect(names.filter(([, name]) => !/^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u.test(name) || name !== name.toLowerCase())).toEqual([]);
    expect(over(all('discord.choices', 'list.kind', 'language.name'), DISCORD.choiceName)).toEqual([]);
  });

  it('Discord: button labels ≤ 80; the sign modal title and labels ≤ 45, hints ≤ 100, choices ≤ 100', () => {
    expect(over(all('buttons'), DISCORD.buttonLabel)).toEqual([]);
    // The same labels go on Slack's link buttons in posted reminders.
    expect(over(all('buttons'), SLACK.buttonText)).toEqual([]);
    const form = signForm(t, locale);
    expect(over([['discord.sign-modal.title', form.title]], DISCORD.modalTitle)).toEqual([]);
    expect(form.fields.length).toBeLessThanOrEqual(DISCORD.modalComponents);
    for (const field of form.fields) {
      expect(over([[`${field.id} label`, field.label]], DISCORD.label)).toEqual([]);
      if (field.hint) expect(over([[`${field.id} hint`, field.hint]], DISCORD.labelDescription)).toEqual([]);
      if (field.placeholder) expect(over([[`${field.id} placeholder`, field.placeholder]], DISCORD.textInputPlaceholder)).toEqual([]);
      expect(over((field.choices ?? []).map((c) => [`${field.id} ${c.value}`, c.label]), DISCORD.optionText)).toEqual([]);
      expect(field.choices?.length ?? 0).toBeLessThanOrEqual(DISCORD.selectOptions);
    }
  });

  it('Telegram: command menu descriptions 1-256 characters', () => {
    expect(over(all('telegram-menu'), TELEGRAM.commandDescription)).toEqual([]);
  });

  it('Slack: modal titles and their buttons ≤ 24, button texts ≤ 75, confirm dialogs, headers ≤ 150', () => {
    const titles: Array<[string, string]> = [
      ['slack.modal.title', t(locale, 'slack.modal.title')],
      ['slack.announce.title', t(locale, 'slack.announce.title')],
      ['slack.case.title-add', t(locale, 'slack.case.title-add')],
      ['slack.case.title-edit', t(locale, 'slack.case.title-edit', { number: largestCase.number })],
    ];
    expect(over(titles, SLACK.viewTitle)).toEqual([]);
    expect(over(all('slack.case.save', 'slack.case.cancel', 'slack.announce.preview-button', 'slack.modal.close'), SLACK.viewButton)).toEqual([]);
    expect(over(all('slack.announce.send', 'slack.announce.cancel', 'slack.case.remove-button', 'slack.case.keep-button'), SLACK.buttonText)).toEqual([]);
    expect(over(all('slack.announce.confirm-title', 'slack.case.remove-dialog-title'), SLACK.confirmTitle)).toEqual([]);
    expect(over(all('slack.announce.confirm-text', 'slack.case.remove-dialog-text'), SLACK.confirmText)).toEqual([]);
    expect(over(all('slack.announce.send', 'slack.case.cancel', 'slack.case.remove-button', 'slack.case.keep-button'), SLACK.confirmButton)).toEqual([]);
    expect(over(all('list.kind'), SLACK.optionText)).toEqual([]);
    expect(over(all('slack.stats.title', 'slack.deliveries.title'), SLACK.header)).toEqual([]);
  });

  it('Slack: every view and message the console builds passes Block Kit’s limits, with the largest case and announcement', () => {
    const responseUrl = `https://hooks.slack.com/commands/T0/1/${'x'.repeat(60)}`;
    expect(slackViewProblems(loadingView(t, locale))).toEqual([]);
    expect(slackViewProblems(caseFormView(t, locale, null, { mode: 'add', responseUrl }))).toEqual([]);
    expect(slackViewProblems(caseFormView(t, locale, largestCase, { mode: 'edit', number: largestCase.number, responseUrl }))).toEqual([]);
    expect(slackViewProblems(announceFormView(t, locale, responseUrl))).toEqual([]);
    const texts = Object.fromEntries(LOCALES.map((l) => [l, '<&>'.repeat(1000)])) as Record<Locale, string>;
    expect(slackBlockProblems(announcePreview(t, locale, '00000000-0000-4000-8000-000000000000', texts).blocks, SLACK.messageBlocks)).toEqual([]);
    expect(slackBlockProblems(removalPrompt(t, locale, largestCase).blocks, SLACK.messageBlocks)).toEqual([]);
  });
});
