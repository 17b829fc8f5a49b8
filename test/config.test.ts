import { describe, expect, it } from 'vitest';
import { ConfigError, getConfig } from '../src/config.ts';

describe('getConfig', () => {
  it('with nothing set: embedded PGlite in the data folder and the terminal', () => {
    const config = getConfig({});
    expect(config.database.url).toMatch(/^file:\/\/.*\/\.data\/pglite$/);
    expect(config.terminal).toBe(true);
    expect(config.telegram).toBeNull();
    expect(config.logLevel).toBe('warn');
  });

  it('treats empty variables as unset', () => {
    expect(getConfig({ DATABASE_URL: '', TELEGRAM_BOT_TOKEN: '' }).terminal).toBe(true);
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://db/x' }, 'SIGNER_KEY_SECRET'],
    [{ SIGNER_KEY_SECRET: 'short' }, 'SIGNER_KEY_SECRET'],
    [{ DATABASE_URL: 'postgres://db/x', SIGNER_KEY_SECRET: 'x'.repeat(40) }, 'ADDRESS_KEYS'],
    [{ ADDRESS_KEYS: `${'k'.repeat(40)},short` }, 'ADDRESS_KEYS'],
    [{ TELEGRAM_BOT_TOKEN: 'not-a-token' }, 'TELEGRAM_BOT_TOKEN'],
    [{ TELEGRAM_API_ROOT: 'ftp://x' }, 'TELEGRAM_API_ROOT'],
    [{ DISCORD_TOKEN: 'abc' }, 'DISCORD_APPLICATION_ID'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
    [{ PORT: '99999' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ PUBLIC_URL: 'javascript:alert(1)' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'https://petition.example.org/?x=1' }, 'PUBLIC_URL'],
    [{ TELEGRAM_BOT_USERNAME: 'bad name!' }, 'TELEGRAM_BOT_USERNAME'],
    [{ DISCORD_INVITE_URL: 'http://discord.gg/x' }, 'DISCORD_INVITE_URL'],
    [{ WEB_REFERRAL: 'web page' }, 'WEB_REFERRAL'],
    [{ WEB_FRAME_ANCESTORS: "'self'; script-src *" }, 'WEB_FRAME_ANCESTORS'],
    [{ WEB_FRAME_ANCESTORS: 'javascript:' }, 'WEB_FRAME_ANCESTORS'],
  ])('refuses %o naming %s', (env, variable) => {
    let error: unknown;
    try {
      getConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message.startsWith(variable)).toBe(true);
    expect((error as ConfigError).message).not.toContain('\n');
  });

  it('never echoes a secret value in its message', () => {
    try {
      getConfig({ TELEGRAM_BOT_TOKEN: 'leaky-secret-value' });
    } catch (e) {
      expect((e as Error).message).not.toContain('leaky-secret-value');
    }
  });

  it('reads ADDRESS_KEYS as a list, the first encrypting', () => {
    const config = getConfig({ ADDRESS_KEYS: ` ${'n'.repeat(40)}, ${'o'.repeat(40)}\n` });
    expect(config.addressKeys).toEqual(['n'.repeat(40), 'o'.repeat(40)]);
    expect(getConfig({}).addressKeys).toBeNull();
  });

  it('picks the platforms whose tokens are set', () => {
    const config = getConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1/db',
      SIGNER_KEY_SECRET: 'x'.repeat(40),
      ADDRESS_KEYS: 'y'.repeat(40),
      TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
    });
    expect(config.terminal).toBe(false);
    expect(config.telegram).toMatchObject({ apiRoot: 'http://127.0.0.1:8081', webhookUrl: null });
    expect(config.logLevel).toBe('info');
  });

  it('serves only the web with PORT alone, and reads the public page settings', () => {
    const web = getConfig({ PORT: '8080' });
    expect(web.terminal).toBe(false);
    expect(web.port).toBe(8080);
    expect(web.web).toEqual({ publicUrl: null, telegramBotUsername: null, discordInviteUrl: null, referral: 'web', frameAncestors: '*' });
    expect(getConfig({ PORT: '8080', TERMINAL: '1' }).terminal).toBe(true);
    const set = getConfig({
      PUBLIC_URL: 'https://petition.example.org/',
      TELEGRAM_BOT_USERNAME: '@ExamplePetitionBot',
      DISCORD_INVITE_URL: 'https://discord.gg/example',
      WEB_REFERRAL: 'web-2026',
      WEB_FRAME_ANCESTORS: "'self' https://coalition.example https://*.members.example:8443",
    }).web;
    expect(set).toEqual({
      publicUrl: 'https://petition.example.org',
      telegramBotUsername: 'ExamplePetitionBot',
      discordInviteUrl: 'https://discord.gg/example',
      referral: 'web-2026',
      frameAncestors: "'self' https://coalition.example https://*.members.example:8443",
    });
  });
});
