import { NoMessengerError, type Messenger, type OutgoingMessage } from './ports/index.ts';

/**
 * Sends to any address by its prefix (`telegram:42` goes to the Telegram
 * messenger), failing with `NoMessengerError` when no configured adapter
 * serves it. Messengers may be added after creation, as adapters start.
 *
 * @example const directory = createMessengerDirectory([telegram]); await directory.send('telegram:42', { text: 'Hi' })
 */
export function createMessengerDirectory(initial: Messenger[] = []) {
  const byPrefix = new Map<string, Messenger>();
  const add = (messenger: Messenger) => {
    byPrefix.set(messenger.prefix, messenger);
  };
  initial.forEach(add);
  return {
    add,
    /** Every messenger, one per platform. */
    all: (): Messenger[] => [...byPrefix.values()],
    async send(address: string, message: OutgoingMessage): Promise<void> {
      const prefix = address.split(':', 1)[0]!;
      const messenger = byPrefix.get(prefix);
      if (!messenger) throw new NoMessengerError(prefix);
      await messenger.send(address, message);
    },
  };
}

export type MessengerDirectory = ReturnType<typeof createMessengerDirectory>;
