import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { encodeAction } from '../../src/chat/actions.ts';
import { SIGN_FORM, SignField, type ChatSurface } from '../../src/chat/index.ts';
import { countryName } from '../../src/core/index.ts';
import { chatUser, TEST_SURFACE } from '../support/chat-users.ts';
import { createTestApp } from '../support/test-app.ts';

// A surface with forms, like Discord's sign modal.
const FORMS: ChatSurface = { ...TEST_SURFACE, platform: 'discord', eventName: 'interaction', forms: true, storedLanguage: false };

describe('the sign form from an at-risk country', () => {
  let app: App;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => app?.close());

  const person = (id: string) =>
    chatUser({ signer: { platform: 'discord', userId: id }, address: `discord:dm:${id}`, isPrivate: true, surface: FORMS, languageTag: 'zh-CN' });

  it('is not signed at once with a name: the warning card offers anonymous first', async () => {
    const user = person('5550900001');
    const form = { kind: 'form' as const, form: SIGN_FORM, values: { [SignField.name]: '王小明', [SignField.style]: 'full', [SignField.country]: 'CN' } };
    const [card] = await app.chat.replies(user, form);
    const t = (key: string, params?: Record<string, unknown>) => app.core.t('zh', key, params);
    expect(card!.text.startsWith(t('sign.at-risk-warning', { country: countryName('CN', 'zh') }))).toBe(true);
    expect(card!.text).toContain('中国大使馆');
    expect(card!.personal).toBe(true);
    expect(card!.buttons!.flat().map((b) => ('action' in b ? b.action : b.url))).toEqual([
      encodeAction({ type: 'sign-name', choice: 'anonymous' }),
      encodeAction({ type: 'sign-confirm' }),
      encodeAction({ type: 'sign-initials-only' }),
      encodeAction({ type: 'sign-cancel' }),
    ]);
    expect(await app.core.petition.signatureOf(user.signer)).toBeNull();

    await app.chat.replies(user, { kind: 'action', payload: encodeAction({ type: 'sign-name', choice: 'anonymous' }) });
    await app.chat.replies(user, { kind: 'action', payload: encodeAction({ type: 'sign-confirm' }) });
    expect(await app.core.petition.signatureOf(user.signer)).toMatchObject({ nameStyle: 'anonymous', displayName: null, country: 'CN' });
  });

  it('signs at once when anonymous, or from elsewhere', async () => {
    const anonymous = person('5550900002');
    await app.chat.replies(anonymous, { kind: 'form', form: SIGN_FORM, values: { [SignField.name]: '', [SignField.style]: 'anonymous', [SignField.country]: 'KP' } });
    expect(await app.core.petition.signatureOf(anonymous.signer)).toMatchObject({ nameStyle: 'anonymous', country: 'KP' });
    const elsewhere = person('5550900003');
    await app.chat.replies(elsewhere, { kind: 'form', form: SIGN_FORM, values: { [SignField.name]: '王小明', [SignField.style]: 'full', [SignField.country]: 'TW' } });
    expect(await app.core.petition.signatureOf(elsewhere.signer)).toMatchObject({ nameStyle: 'full', displayName: '王小明', country: 'TW' });
  });
});
