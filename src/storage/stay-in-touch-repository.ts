import { eq } from 'drizzle-orm';
import type { AddressCipher, StayInTouchStore } from '../core/index.ts';
import type { Db } from './database.ts';
import { stayInTouch } from './schema.ts';

/** The next-campaign list: sealed addresses found by their blind index. */
export function createStayInTouchRepository(db: Db, addresses: AddressCipher): StayInTouchStore {
  return {
    async optIn({ address, language, consentedAt }) {
      const addressIndex = addresses.index(address);
      await db
        .insert(stayInTouch)
        .values({ addressIndex, address: addresses.seal(address), language, consentedAt })
        .onConflictDoUpdate({ target: stayInTouch.addressIndex, set: { language, consentedAt } });
    },
    async optOut(address) {
      const removed = await db.delete(stayInTouch).where(eq(stayInTouch.addressIndex, addresses.index(address))).returning({ at: stayInTouch.consentedAt });
      return removed.length > 0;
    },
    async consentOf(address) {
      const [row] = await db.select({ at: stayInTouch.consentedAt }).from(stayInTouch).where(eq(stayInTouch.addressIndex, addresses.index(address)));
      return row ? new Date(row.at) : null;
    },
  };
}
