import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.ts';
import type { SignerRef } from '../../../src/core/index.ts';
import { createTestApp, testClock } from '../../support/test-app.ts';
import { actionsIn, OTHER_STAFF, OUTSIDER, STAFF, startSlackConsole } from './slack-support.ts';

const signer = (userId: string, platform = 'telegram'): SignerRef => ({ platform, userId });

describe('Slack review console: /petition review, redact, audit and the Home tab', () => {
  const clock = testClock('2026-11-29T15:00:00Z');
  let app: App;
  let slack: Awaited<ReturnType<typeof startSlackConsole>>;
  /** Receipt code of a full-name signer, for redaction by code. */
  let minaReceipt = '';

  const sign = (who: SignerRef, name: string | null, country = 'KR', referral: string | null = null) =>
    app.core.petition.sign(who, { name: name ? { style: 'full', name } : { style: 'anonymous' }, country, language: 'en', referral });
  const auditRows = async (action: string) => (await app.core.auditHistory.latest(100)).filter((e) => e.action === action);

  beforeAll(async () => {
    // No audit option: the app's own audit_log table, read back through the core.
    app = await createTestApp({ clock });
    slack = await startSlackConsole(app);
    // Three held by the watch list, one held as the same name on another platform, two valid.
    await sign(signer('made-up-xi-1'), 'Xi Jinping');
    clock.set('2026-11-29T15:05:00Z');
    await sign(signer('made-up-xi-2'), 'President Xi', 'US');
    await sign(signer('made-up-xi-3'), 'Xi Dada', 'JP');
    const mina = await sign(signer('made-up-mina'), 'Kim Mina');
    minaReceipt = mina.status === 'signed' ? mina.receipt : '';
    clock.set('2026-11-29T15:10:00Z');
    await sign(signer('made-up-mina-dc', 'discord'), 'Kim Mina');
    await sign(signer('made-up-anon'), null, 'CA');
  });

  afterAll(async () => {
    await slack?.close();
    await app?.close();
  });

  it('lists held signatures by rule with counts, shown names and the time window, and a menu for each', async () => {
    expect(await app.core.review.queueSize()).toBe(4);
    const ack = await slack.command('review', { name: 'queue' });
    expect(ack.status).toBe(200);
    const reply = await slack.reply('queue');
    expect(reply.body.text).toBe('4 signatures are waiting for review.');
    const text = JSON.stringify(reply.body.blocks);
    expect(text).toContain('Signatures held for review');
    expect(text).toContain('Name on a watch list (the addressee, officials, insults): 3 signatures, ');
    expect(text).toContain('Same name and country on another platform: 1 signature, ');
    for (const name of ['Xi Jinping', 'President Xi', 'Xi Dada', 'Kim Mina']) expect(text).toContain(name);
    expect(text).toContain('United States');
    expect(text).toContain('Telegram');
    // The watch-list window runs from the first hold (15:00 UTC = 10:00 in New York) to the last.
    expect(text).toMatch(/10:00[^"]*–[^"]*10:05/);
    const actions = actionsIn(reply.body.blocks);
    expect(actions.filter((a) => a.action_id === 'review_pick_one')).toHaveLength(4);
    expect(actions.filter((a) => a.action_id === 'review_pick_rule_approve').map((a) => a.text?.text)).toEqual(['Approve all 3', 'Approve 1 signature']);
    const invalidateMenu = actions.find((a) => a.action_id === 'review_pick_rule_invalidate')!;
    expect(invalidateMenu.options!.map((o) => o.text.text)).toEqual([
      'Invalid: Duplicate',
      'Invalid: Impersonation or a public figure\'s name',
      'Invalid: Abusive or mocking name',
      'Invalid: Automated or coordinated signing',
      'Invalid: Other',
    ]);
    // Listing changes nothing and is not a staff action worth a row.
    expect(await app.core.review.queueSize()).toBe(4);
  });

  it('shows the review queue size on the Home tab', async () => {
    await slack.homeOpened(STAFF);
    const home = await slack.fake.waitFor('views.publish', (c) => c.body.user_id === STAFF);
    const text = JSON.stringify(home.body.view);
    expect(text).toContain('Review queue: 4 signatures held');
    expect(text).toContain('/petition review');
  });

  it('asks for a confirmation that states how many will change before approving a rule; Cancel changes nothing; two concurrent approvals have one effect', async () => {
    const queue = await slack.reply('queue');
    const approveSameName = actionsIn(queue.body.blocks).filter((a) => a.action_id === 'review_pick_rule_approve')[1]!;
    await slack.click('review_pick_rule_approve', { value: approveSameName.value }, { name: 'pick-same-name' });
    const confirm = await slack.reply('pick-same-name');
    expect(confirm.body.text).toBe('Approve 1 held signature? It will be counted.');
    expect(await app.core.review.queueSize()).toBe(4);
    const [yes, no] = actionsIn(confirm.body.blocks);
    expect(yes).toMatchObject({ action_id: 'review_confirm', text: { text: 'Yes, change 1 signature' } });
    await slack.click('review_cancel', { value: no!.value }, { name: 'cancel' });
    expect((await slack.reply('cancel')).body).toMatchObject({ replace_original: true, text: 'Cancelled. Nothing was changed.' });
    expect(await app.core.review.queueSize()).toBe(4);

    // Two staff members approve at once: one effect, one audit row.
    await Promise.all([
      slack.click('review_confirm', { value: yes!.value }, { name: 'confirm-same-name' }),
      slack.click('review_confirm', { value: yes!.value }, { user: OTHER_STAFF, name: 'confirm-same-name-2' }),
    ]);
    const answers = [(await slack.reply('confirm-same-name')).body.text, (await slack.reply('confirm-same-name-2')).body.text].sort();
    expect(answers).toEqual(['1 signature approved.', 'Nothing changed: another staff member has already done this.']);
    expect(await app.core.review.queueSize()).toBe(3);
    expect(await auditRows('review.approve')).toHaveLength(1);
    expect((await auditRows('review.approve'))[0]).toMatchObject({ detail: { changed: 1, rule: 'same-name-elsewhere' } });
    expect((await app.core.petition.stats()).total).toBe(3);
  });

  it('two staff members confirming the same bulk invalidation at once: one effect, one audit row', async () => {
    const queue = await slack.reply('queue');
    const menu = actionsIn(queue.body.blocks).find((a) => a.action_id === 'review_pick_rule_invalidate')!;
    const asImpersonation = menu.options!.find((o) => o.text.text.includes('Impersonation'))!.value;
    await slack.click('review_pick_rule_invalidate', { option: asImpersonation }, { name: 'pick-a' });
    await slack.click('review_pick_rule_invalidate', { option: asImpersonation }, { user: OTHER_STAFF, name: 'pick-b' });
    const [a, b] = [await slack.reply('pick-a'), await slack.reply('pick-b')];
    expect(a.body.text).toBe('Mark 3 signatures as invalid (Impersonation or a public figure\'s name)? They will not be counted; nothing is deleted.');
    expect(b.body.text).toBe(a.body.text);
    const confirmA = actionsIn(a.body.blocks)[0]!.value;
    const confirmB = actionsIn(b.body.blocks)[0]!.value;
    await Promise.all([
      slack.click('review_confirm', { value: confirmA }, { name: 'confirm-a' }),
      slack.click('review_confirm', { value: confirmB }, { user: OTHER_STAFF, name: 'confirm-b' }),
    ]);
    const answers = [(await slack.reply('confirm-a')).body.text, (await slack.reply('confirm-b')).body.text].sort();
    expect(answers).toEqual(['3 signatures marked invalid.', 'Nothing changed: another staff member has already done this.']);
    expect(await app.core.review.queueSize()).toBe(0);
    expect((await app.core.review.transparency()).invalid).toEqual({ total: 3, byReason: { impersonation: 3 } });
    const rows = await auditRows('review.invalidate');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ detail: { changed: 3, rule: 'watch-list', reason: 'impersonation' } });
    expect([`slack:${STAFF}`, `slack:${OTHER_STAFF}`]).toContain(rows[0]!.actor);
  });

  it('a confirmation does not sweep in signatures held after it was shown', async () => {
    await sign(signer('made-up-xi-4'), 'Xi Jinping', 'DE');
    await slack.command('review approve --rule watch-list', { name: 'late-pick' });
    const confirm = await slack.reply('late-pick');
    expect(confirm.body.text).toBe('Approve 1 held signature? It will be counted.');
    clock.set('2026-11-29T15:20:00Z');
    await sign(signer('made-up-xi-5'), 'Xi Jinping', 'FR');
    await slack.click('review_confirm', { value: actionsIn(confirm.body.blocks)[0]!.value }, { name: 'late-confirm' });
    expect((await slack.reply('late-confirm')).body.text).toBe('1 signature approved.');
    // The one signed after the confirmation still waits.
    expect(await app.core.review.queueSize()).toBe(1);
  });

  it('decides one signature from its menu, after a confirmation', async () => {
    await slack.command('review', { name: 'queue-2' });
    const queue = await slack.reply('queue-2');
    const one = actionsIn(queue.body.blocks).find((a) => a.action_id === 'review_pick_one')!;
    expect(one.options!.map((o) => o.text.text)[0]).toBe('Approve');
    await slack.click('review_pick_one', { option: one.options!.find((o) => o.text.text === 'Invalid: Duplicate')!.value }, { name: 'pick-one' });
    const confirm = await slack.reply('pick-one');
    expect(confirm.body.text).toBe('Mark 1 signature as invalid (Duplicate)? It will not be counted; nothing is deleted.');
    await slack.click('review_confirm', { value: actionsIn(confirm.body.blocks)[0]!.value }, { name: 'confirm-one' });
    expect((await slack.reply('confirm-one')).body.text).toBe('1 signature marked invalid.');
    expect(await app.core.review.queueSize()).toBe(0);
  });

  it('invalidates by referral code and approves by time window from the command, each after a confirmation', async () => {
    const referral = app.core.referralCodeOf(signer('made-up-referrer'));
    clock.set('2026-11-29T16:00:00Z');
    for (let i = 0; i < 3; i++) await sign(signer(`made-up-farm-${i}`), null, 'BR', referral);
    const before = (await app.core.petition.stats()).total;
    await slack.command(`review invalidate --referral ${referral} --reason automated --include-valid`, { name: 'by-referral' });
    const confirm = await slack.reply('by-referral');
    expect(confirm.body.text).toBe('Mark 3 signatures as invalid (Automated or coordinated signing)? They will not be counted; nothing is deleted.');
    expect((await app.core.petition.stats()).total).toBe(before);
    await slack.click('review_confirm', { value: actionsIn(confirm.body.blocks)[0]!.value }, { name: 'by-referral-yes' });
    expect((await slack.reply('by-referral-yes')).body.text).toBe('3 signatures marked invalid.');
    expect((await app.core.petition.stats()).total).toBe(before - 3);
    expect((await auditRows('review.invalidate'))[0]).toMatchObject({ actor: `slack:${STAFF}`, detail: { changed: 3, referral, includeValid: true } });

    // A time window in the campaign's zone (New York): 10:09 to 10:11 is 15:09 to 15:11 UTC, when three signed.
    await slack.command('review invalidate --from 2026-11-29T10:09 --to "2026-11-29T10:11" --reason other --include-valid', { name: 'by-window' });
    expect((await slack.reply('by-window')).body.text).toBe('Mark 3 signatures as invalid (Other)? They will not be counted; nothing is deleted.');
    await slack.command('review approve --from 2026-11-29T10:09 --to “2026-11-29T10:11”', { name: 'by-window-approve' });
    expect((await slack.reply('by-window-approve')).body.text).toBe('No signature matches, so there is nothing to do.');
    expect((await app.core.petition.stats()).total).toBe(before - 3);
  });

  it('offers, on a held signature that came through a referral code, to set aside everything through that code', async () => {
    const referral = app.core.referralCodeOf(signer('made-up-farmer'));
    await sign(signer('made-up-farm-held'), 'Xi Jinping', 'MX', referral);
    for (let i = 0; i < 2; i++) await sign(signer(`made-up-farm-valid-${i}`), null, 'MX', referral);
    const total = (await app.core.petition.stats()).total;
    await slack.command('review', { name: 'queue-referral' });
    const queue = await slack.reply('queue-referral');
    const options = actionsIn(queue.body.blocks).flatMap((a) => a.options ?? []);
    expect(options.map((o) => o.text.text)).toContain(`Approve all held via ${referral}`);
    const everything = options.find((o) => o.text.text === `Invalid (automated): everything via ${referral}, held or not`)!;
    await slack.click('review_pick_one', { option: everything.value }, { name: 'pick-referral' });
    const confirm = await slack.reply('pick-referral');
    expect(confirm.body.text).toBe('Mark 3 signatures as invalid (Automated or coordinated signing)? They will not be counted; nothing is deleted.');
    await slack.click('review_confirm', { value: actionsIn(confirm.body.blocks)[0]!.value }, { name: 'confirm-referral' });
    expect((await slack.reply('confirm-referral')).body.text).toBe('3 signatures marked invalid.');
    expect((await app.core.petition.stats()).total).toBe(total - 2);
    expect(await app.core.review.queueSize()).toBe(0);
  });

  it('refuses bad review input with a clear message and changes nothing', async () => {
    const usage = await slack.command('review frobnicate', { name: 'bad-verb' });
    expect(usage.text).toMatch(/^Review in bulk like this/);
    const reason = await slack.command('review invalidate --rule watch-list --reason because', { name: 'bad-reason' });
    expect(reason.text).toMatch(/^Review in bulk like this/);
    const time = await slack.command('review approve --from yesterday', { name: 'bad-time' });
    expect(time.text).toBe('That time window is not valid: the start must be before the end.');
    await slack.command('review approve --rule everything', { name: 'bad-rule' });
    expect((await slack.reply('bad-rule')).body.text).toBe('There is no review rule called “everything”.');
    await slack.command('review approve', { name: 'no-criteria' });
    expect((await slack.reply('no-criteria')).body.text).toMatch(/^Say which signatures/);
    // One answer, the usage, and nothing after it.
    expect(slack.replies('bad-verb')).toHaveLength(1);
    // This console was started without a pack writer: it says so instead of failing later.
    expect((await slack.command('pack all', { name: 'no-pack' })).text).toMatch(/^Delivery packs cannot be made from Slack in this installation/);
  });

  it('refuses a non-staff member, for the command and for a confirming click', async () => {
    const refused = await slack.command('review', { user: OUTSIDER, name: 'outsider' });
    expect(refused.text).toMatch(/only members/);
    await sign(signer('made-up-xi-6'), 'Xi Jinping', 'IT');
    const value = JSON.stringify({ k: 'a', s: { rule: 'watch-list' } });
    await slack.click('review_confirm', { value }, { user: OUTSIDER, name: 'outsider-click' });
    expect((await slack.reply('outsider-click')).body.text).toMatch(/only members/);
    expect(await app.core.review.queueSize()).toBe(1);
  });

  it('redacts a shown name to a partial name by receipt code or by number, once, and audits it', async () => {
    await slack.command(`redact ${minaReceipt.toLowerCase()}`, { name: 'redact-code' });
    const done = await slack.reply('redact-code');
    expect(done.body.text).toMatch(/^Signature #\d+ is now shown as “K\. M\.”\.$/);
    const again = await slack.command(`redact ${minaReceipt}`, { name: 'redact-again' });
    expect(again.status).toBe(200);
    expect((await slack.reply('redact-again')).body.text).toBe('That signature already shows a partial name or is anonymous. Nothing was changed.');
    await slack.command('redact 999999', { name: 'redact-missing' });
    expect((await slack.reply('redact-missing')).body.text).toBe('No signature matches “999999”. Nothing was changed.');
    await slack.command('redact ZZZZ-ZZZZ-ZZZZ-ZZZZ', { name: 'redact-unknown-code' });
    expect((await slack.reply('redact-unknown-code')).body.text).toBe('No signature matches “ZZZZ-ZZZZ-ZZZZ-ZZZZ”. Nothing was changed.');
    await slack.command('redact not-a-code', { name: 'redact-bad' });
    expect((await slack.reply('redact-bad')).body.text).toMatch(/is not a signature number/);
    expect((await slack.command('redact', { name: 'redact-usage' })).text).toMatch(/receipt code or the signature number/);

    const id = Number(/#(\d+)/.exec(String(done.body.text))![1]);
    await slack.command(`redact #${id + 1}`, { name: 'redact-id' });
    expect((await slack.reply('redact-id')).body.text).toBe(`Signature #${id + 1} is now shown as “K. M.”.`);
    const rows = await auditRows('review.redact');
    expect(rows.map((r) => r.detail.signature).sort()).toEqual([id, id + 1]);
    expect(JSON.stringify(await app.core.auditHistory.latest(100))).not.toMatch(/Mina|Xi Jinping/);
  });

  it('shows the latest audit entries: who, what, when and how many', async () => {
    await slack.command('audit', { name: 'audit' });
    const reply = await slack.reply('audit');
    expect(reply.body.text).toBe('Latest staff actions');
    const lines = (reply.body.blocks as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(lines[0]).toMatch(/<@U0STAFF> · `review\.redact` signature: \d+$/);
    const invalidation = lines.find((l) => l.includes('referral'))!;
    expect(invalidation).toContain('`review.invalidate`');
    expect(invalidation).toContain('changed: 3');
    expect(invalidation).toMatch(/^November 29, 2026 at 11:00 AM · <@U0STAFF> · `review\.invalidate` changed: 3 · /);
    expect(lines.join('\n')).not.toMatch(/Mina|Xi/);
  });
});
