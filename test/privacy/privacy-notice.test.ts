import { describe, expect, it } from 'vitest';
import { erasureDate, lastDayOf } from '../../src/core/index.ts';
import { LOCALES } from '../../src/core/index.ts';
import { createTranslator } from '../../src/i18n/i18n.ts';
import { privacyNotice } from '../../src/privacy/privacy-notice.ts';
import { testCampaign } from '../support/test-app.ts';

const t = createTranslator();

describe('the privacy notice', () => {
  it('names who is responsible, the contact and the erasure date from the campaign file', () => {
    const campaign = testCampaign({ controller: 'Example Coalition', contact: 'privacy@coalition.example', retentionDaysAfterClose: 30 });
    // The close is the start of 11 December in New York; thirty days later is 10 January.
    expect(lastDayOf(campaign)).toBe('2026-12-10');
    expect(erasureDate(campaign).toISOString()).toBe('2027-01-10T05:00:00.000Z');
    const notice = privacyNotice(t, campaign, 'en');
    const text = JSON.stringify(notice);
    expect(text).toContain('Example Coalition runs this petition');
    expect(text).toContain('contact Example Coalition: privacy@coalition.example');
    expect(text).toContain('By January 10, 2027 at the latest');
    expect(text).toContain('December 10, 2026 (Eastern Time)');
  });

  it('ships with the coalition as controller and a contact clearly marked as a placeholder', () => {
    const campaign = testCampaign();
    expect(campaign.controller).toContain('North Korea Freedom Coalition');
    expect(campaign.contact).toMatch(/^PLACEHOLDER/);
    expect(campaign.retentionDaysAfterClose).toBe(90);
  });

  it('covers every stored table, the legal basis, erasure, withdrawal and contact, in every language', () => {
    for (const locale of LOCALES) {
      const notice = privacyNotice(t, testCampaign(), locale);
      expect(notice.sections.map((s) => s.id)).toEqual(['controller', 'stored', 'basis', 'retention', 'withdraw', 'contact']);
      const text = JSON.stringify(notice);
      for (const table of ['signatures', 'subscriptions', 'preferences', 'dialogues', 'deliveries']) expect(text, `${locale} ${table}`).toContain(table);
      expect(text).toContain('/withdraw');
      expect(text).toContain('PLACEHOLDER');
      // Every placeholder was filled in.
      expect(text).not.toMatch(/\{\{|\}\}/);
      for (const section of notice.sections) for (const p of section.paragraphs) expect(p.length, `${locale} ${section.id}`).toBeGreaterThan(10);
    }
  });

  it('does not claim encryption of the signer code in Chinese (it is a keyed one-way code); the chat address is encrypted', () => {
    const stored = privacyNotice(t, testCampaign(), 'zh').sections.find((s) => s.id === 'stored')!.paragraphs;
    const [signerKey, subscription] = [stored[1]!, stored[2]!];
    expect(signerKey).toContain('单向代码');
    expect(signerKey).not.toContain('加密');
    // Reminder addresses really are encrypted at rest (AES-256-GCM, test/privacy/no-raw-ids-at-rest.test.ts).
    expect(subscription).toContain('聊天地址（加密保存）');
  });
});
