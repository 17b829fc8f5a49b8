/**
 * Every input the chat layer lets start before its event's claim is known
 * (`storageOnly`) calls nothing of the platform while it is answered: no
 * message to another address, no question to the platform. A redelivery's
 * run of it is rolled back with the claim, so nothing of it may show outside
 * the stores. The community command, which asks the platform and posts, is
 * claimed first.
 */
import { describe, expect, it } from 'vitest';
import type { ChatInput, ChatUser } from '../../src/chat/index.ts';
import { chatUser } from '../support/chat-users.ts';
import { createMemoryCore } from '../support/memory/memory-core.ts';

/** A person in a private chat and in a group, with a recorder of every platform call the chat layer can make. */
async function setUp() {
  const app = await createMemoryCore();
  const calls: string[] = [];
  app.messengers.add({ prefix: 'telegram', send: async (address) => void calls.push(`send ${address}`) });
  const community = {
    address: 'telegram:-100555',
    key: 'telegram:-100555',
    label: 'Made-up Group',
    canManage: async () => {
      calls.push('canManage');
      return true;
    },
  };
  const inPrivate = chatUser({ signer: { platform: 'telegram', userId: '8201' }, address: 'telegram:8201', isPrivate: true, platformName: 'Made Up' });
  const inGroup: ChatUser = { ...chatUser({ signer: { platform: 'telegram', userId: '8201' }, address: 'telegram:-100555', isPrivate: false }), community };
  return { app, calls, inPrivate, inGroup };
}

describe('storage-only inputs', () => {
  it('make no platform call through a whole signing, a cancelled one and group commands', async () => {
    const { app, calls, inPrivate, inGroup } = await setUp();
    const steps: Array<[ChatUser, ChatInput]> = [
      [inGroup, { kind: 'command', name: 'sign', args: '' }],
      [inPrivate, { kind: 'command', name: 'sign', args: '' }],
      [inPrivate, { kind: 'command', name: 'cancel', args: '' }],
      [inPrivate, { kind: 'command', name: 'sign', args: '' }],
      [inPrivate, { kind: 'action', payload: 'sd:name:initials' }],
      [inPrivate, { kind: 'action', payload: 'sd:cancel' }],
      [inPrivate, { kind: 'action', payload: 'sign' }],
      [inPrivate, { kind: 'action', payload: 'sd:name:platform' }],
      [inPrivate, { kind: 'command', name: 'sign', args: '' }],
      [inPrivate, { kind: 'text', text: 'Made Up Typed' }],
      [inPrivate, { kind: 'action', payload: 'sd:country:KR' }],
      [inPrivate, { kind: 'action', payload: 'sd:confirm' }],
      [inPrivate, { kind: 'text', text: 'hello' }],
      [inGroup, { kind: 'text', text: 'hello' }],
    ];
    for (const [user, input] of steps) {
      expect(app.chat.storageOnly(input), JSON.stringify(input)).toBe(true);
      const replies = await app.chat.replies(user, input);
      // Text in a group is not for the bot: no answer there.
      if (user.isPrivate) expect(replies.length, JSON.stringify(input)).toBeGreaterThan(0);
    }
    expect(calls).toEqual([]);
    // The signing above went through: the test followed the real dialogue, not refusals.
    expect(await app.core.petition.signatureOf(inPrivate.signer)).toMatchObject({ country: 'KR', displayName: 'Made Up Typed' });
  });

  it('leave out the community command, which asks the platform and posts, and every other input', async () => {
    const { app, calls, inGroup } = await setUp();
    const channel: ChatInput = { kind: 'command', name: 'channel', args: 'on' };
    expect(app.chat.storageOnly(channel)).toBe(false);
    await app.chat.replies(inGroup, channel);
    // The recorder sees platform calls: the classification above is what keeps them out.
    expect(calls).toContain('canManage');
    for (const name of ['start', 'withdraw', 'mydata', 'language', 'remind', 'stayintouch', 'share', 'receipt', 'count', 'list', 'help']) {
      expect(app.chat.storageOnly({ kind: 'command', name, args: '' }), name).toBe(false);
    }
    for (const payload of ['wd:confirm', 'remind:on', 'lang:ko', 'list:2:all', 'not-an-action']) {
      expect(app.chat.storageOnly({ kind: 'action', payload }), payload).toBe(false);
    }
    expect(app.chat.storageOnly({ kind: 'gone' })).toBe(false);
  });
});
