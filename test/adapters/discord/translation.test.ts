/**
 * The Discord adapter's translations, tested directly: a submitted form's
 * values -> the core's input (in the shared chat layer), button payloads,
 * and the chat layer's replies -> Discord messages, modals and command
 * definitions.
 */
import { ApplicationCommandOptionType, ButtonStyle, ComponentType, type APIApplicationCommandOption } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { buildCommands, Command } from '../../../adapters/discord/command-definitions.ts';
import { parseAddress } from '../../../adapters/discord/discord-messenger.ts';
import { guildFromArgs } from '../../../adapters/discord/register-commands.ts';
import { progressBar, toDiscordMessage, toDiscordMessages } from '../../../adapters/discord/render-discord.ts';
import { toModal } from '../../../adapters/discord/form-modal.ts';
import { decodeAction, signForm, signInputFrom, typedFrom as draftFrom } from '../../../src/chat/index.ts';
import { DomainError, MAX_CASE_NUMBER } from '../../../src/core/index.ts';
import { createTranslator } from '../../../src/i18n/i18n.ts';

const t = createTranslator();

describe('sign form -> SignInput (the chat layer, drawn as a Discord modal)', () => {
  it('turns a full name and a country name into the core input', () => {
    const input = signInputFrom(draftFrom({ name: '  Test Supporter ', style: 'full', country: 'Canada' }), 'ko');
    expect(input).toEqual({ name: { style: 'full', name: 'Test Supporter' }, country: 'CA', language: 'ko' });
  });

  it('drops a typed name when the person chose anonymous', () => {
    const input = signInputFrom(draftFrom({ name: 'Test Supporter', style: 'anonymous', country: 'kr' }), 'en');
    expect(input.name).toEqual({ style: 'anonymous' });
    expect(input.country).toBe('KR');
  });

  it('falls back to the full-name style for an unknown style value', () => {
    expect(draftFrom({ name: 'A B', style: 'bogus', country: 'KR' }).style).toBe('full');
  });

  it.each([
    [{ name: '', style: 'full', country: 'KR' }, 'name.empty'],
    [{ name: 'visit https://example.com', style: 'initials', country: 'KR' }, 'name.link'],
    [{ name: 'Test Supporter', style: 'full', country: 'Atlantis' }, 'country.unknown'],
  ])('refuses %o with %s before anything is written', (values, code) => {
    const attempt = () => signInputFrom(draftFrom(values), 'en');
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(code);
  });

  it('prefills the form from a draft', () => {
    const modal = toModal(signForm(t, 'zh', { name: 'Test Supporter', style: 'initials', country: 'KR' })).toJSON();
    expect(modal.title).toBe(t('zh', 'discord.sign-modal.title'));
    const [name, style, country] = modal.components as any[];
    expect(name.component.value).toBe('Test Supporter');
    expect(style.component.options.find((o: any) => o.default).value).toBe('initials');
    expect(country.component.value).toBe('KR');
  });
});

describe('button custom id -> action (one codec for every surface)', () => {
  it.each([
    ['sign', { type: 'sign' }],
    ['sd:country:KR', { type: 'sign-country', country: 'KR' }],
    ['list:2:refugee', { type: 'list', page: 2, kind: 'refugee' }],
    ['case:7', { type: 'case', number: 7 }],
    ['wd:confirm', { type: 'confirm-withdraw' }],
    ['wd:keep', { type: 'keep-signature' }],
    ['withdraw', { type: 'withdraw' }],
    ['remind:off', { type: 'remind', on: false }],
    ['video', { type: 'video' }],
    ['list:0:all', null],
    ['case:abc', null],
    ['sd:country:<script>', null],
    ['someone-elses-button', null],
  ])('%s', (customId, action) => {
    expect(decodeAction(customId)).toEqual(action);
  });
});

describe('core reply -> Discord message', () => {
  it('puts short text in content and never pings', () => {
    const message = toDiscordMessage({ text: 'Three days left' });
    expect(message).toEqual({ content: 'Three days left', embeds: [], components: [], allowedMentions: { parse: [] } });
  });

  it('moves text over 2000 characters into an embed', () => {
    const message = toDiscordMessage({ text: 'x'.repeat(2500) });
    expect(message.content).toBe('');
    expect(message.embeds[0]!.description).toHaveLength(2500);
  });

  it('spreads a very long text over embeds and messages within Discord\'s limits, buttons on the last, nothing lost', () => {
    const text = 'x'.repeat(30_000);
    const messages = toDiscordMessages({ text, buttons: [[{ label: 'Back', action: 'list:1:all' }]] });
    expect(messages.map((m) => m.embeds.map((e) => e.description!.length))).toEqual([[4096], [4096], [4096], [4096], [4096], [4096], [4096, 1328]]);
    expect(messages.map((m) => m.embeds.map((e) => e.description).join('')).join('')).toBe(text);
    expect(messages.map((m) => m.components.length)).toEqual([0, 0, 0, 0, 0, 0, 1]);
    // Split at line breaks; two embeds share a message while their sum stays within 6,000 characters.
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `${String(i).padStart(2, '0')} ${'y'.repeat(150)}`).join('\n');
    const one = toDiscordMessages({ text: lines(30) });
    expect(one.map((m) => m.embeds.length)).toEqual([2]);
    expect(one[0]!.embeds.every((e) => e.description!.endsWith('y'))).toBe(true);
    const two = toDiscordMessages({ text: lines(40) });
    expect(two.map((m) => m.embeds.length)).toEqual([1, 1]);
    for (const m of two) expect(m.embeds.map((e) => e.description!.length).reduce((a, b) => a + b)).toBeLessThanOrEqual(6000);
  });

  it('draws action buttons with their custom ids and url buttons as links', () => {
    const message = toDiscordMessage({
      text: 'Page 1',
      buttons: [
        [{ label: 'Next ▶', action: 'list:2:all' }],
        [{ label: 'Watch', url: 'https://www.youtube.com/watch?v=abcdefghijk' }, { label: 'Yes, withdraw', action: 'wd:confirm' }],
      ],
    });
    expect(message.components).toEqual([
      { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next ▶', custom_id: 'list:2:all' }] },
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Link, label: 'Watch', url: 'https://www.youtube.com/watch?v=abcdefghijk' },
          { type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Yes, withdraw', custom_id: 'wd:confirm' },
        ],
      },
    ]);
  });

  it('splits rows at five buttons and drops a repeated custom id', () => {
    const row = Array.from({ length: 7 }, (_, i) => ({ label: `#${i}`, action: `case:${i + 1}` }));
    const message = toDiscordMessage({ text: 'x', buttons: [row, [{ label: 'again', action: 'case:1' }]] });
    expect(message.components.map((r) => r.components.length)).toEqual([5, 2]);
  });

  it('draws goal progress as a bar', () => {
    expect(progressBar(0.3)).toBe('▰▰▰▱▱▱▱▱▱▱');
    expect(progressBar(1.7)).toBe('▰▰▰▰▰▰▰▰▰▰');
  });
});

describe('command definitions', () => {
  const commands = buildCommands(t);
  const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

  function everyOption(options: APIApplicationCommandOption[] = []): APIApplicationCommandOption[] {
    return options.flatMap((o) => [o, ...everyOption('options' in o ? (o.options as APIApplicationCommandOption[]) : [])]);
  }

  it('defines every command the handlers route', () => {
    expect(commands.map((c) => c.name).sort()).toEqual(Object.values(Command).sort());
  });

  it('localizes every name and description for ko, zh-CN, zh-TW, es-ES and es-419 with names Discord accepts', () => {
    for (const item of [...commands, ...commands.flatMap((c) => everyOption(c.options))]) {
      for (const locale of ['ko', 'zh-CN', 'zh-TW', 'es-ES', 'es-419'] as const) {
        const name = item.name_localizations?.[locale];
        expect(name, `${item.name} ${locale}`).toBeTruthy();
        expect(name).toMatch(NAME);
        expect(name).toBe(name!.toLowerCase());
        expect(item.description_localizations?.[locale]?.length).toBeGreaterThan(0);
        expect(item.description_localizations?.[locale]?.length, `${item.name} ${locale}`).toBeLessThanOrEqual(100);
      }
      expect(item.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('bounds every number option, /case by THE LIST\'s highest number, so nothing out of range reaches storage', () => {
    const integers = commands.flatMap((c) => everyOption(c.options).map((o) => [c.name, o] as const)).filter(([, o]) => o.type === ApplicationCommandOptionType.Integer);
    expect(integers.length).toBeGreaterThan(0);
    for (const [, option] of integers) {
      const bounded = option as { min_value?: number; max_value?: number };
      expect(bounded.min_value).toBeGreaterThanOrEqual(1);
      // A Postgres integer column holds up to 2,147,483,647.
      expect(bounded.max_value).toBeLessThanOrEqual(2_147_483_647);
    }
    const number = integers.find(([command]) => command === Command.case)![1] as { max_value?: number };
    expect(number.max_value).toBe(MAX_CASE_NUMBER);
  });

  it('shows zh-TW clients Traditional Chinese and both Spanish clients our Spanish', () => {
    const sign = commands.find((c) => c.name === Command.sign)!;
    expect(sign.description_localizations?.['zh-CN']).toBe(t('zh', 'discord.commands.sign.description'));
    expect(sign.description_localizations?.['zh-TW']).toBe(t('zh-Hant', 'discord.commands.sign.description'));
    expect(sign.description_localizations?.['zh-TW']).toContain('簽署');
    expect(sign.description_localizations?.['zh-TW']).not.toBe(sign.description_localizations?.['zh-CN']);
    expect(sign.name_localizations?.['es-ES']).toBe('firmar');
    expect(sign.name_localizations?.['es-419']).toBe('firmar');
    // The post language of /campaign channel offers every language, each named in itself.
    const channel = everyOption(commands.find((c) => c.name === Command.campaign)!.options).find((o) => o.name === 'language') as { choices?: Array<{ name: string; value: string }> };
    expect(channel.choices?.map((c) => [c.value, c.name])).toEqual([
      ['en', 'English'], ['ko', '한국어'], ['zh', '简体中文'], ['zh-Hant', '繁體中文'], ['es', 'Español'],
    ]);
  });

  it('hides /campaign from members without Manage Server and keeps it out of DMs', () => {
    const campaign = commands.find((c) => c.name === Command.campaign)!;
    expect(campaign.default_member_permissions).toBe('32');
    expect(campaign.contexts).toEqual([0]);
    expect(campaign.options?.map((o) => [o.name, o.type])).toEqual([
      ['channel', ApplicationCommandOptionType.Subcommand],
      ['channel-off', ApplicationCommandOptionType.Subcommand],
    ]);
  });
});

describe('addresses and arguments', () => {
  it('parses Discord addresses and rejects others', () => {
    expect(parseAddress('discord:channel:123456')).toEqual({ kind: 'channel', id: '123456' });
    expect(parseAddress('discord:user:987654')).toEqual({ kind: 'user', id: '987654' });
    expect(() => parseAddress('telegram:42')).toThrow();
  });

  it('reads --guild from the command line', () => {
    expect(guildFromArgs(['--guild', '123456789'])).toBe('123456789');
    expect(guildFromArgs(['--guild=123456789'])).toBe('123456789');
    expect(guildFromArgs([])).toBeNull();
    expect(() => guildFromArgs(['--guild', 'abc'])).toThrow(/numeric/);
  });
});
