/**
 * Keeping every stored address sealed with the current key. Two callers:
 * the app's start seals rows from before encryption (migration 0010 left
 * them plain), and `npm run keys:rotate` re-encrypts every row sealed with an
 * older key after a new key was put first in ADDRESS_KEYS. The blind index
 * does not change with the key, so lookups work all through a rotation.
 */
import { sql } from 'drizzle-orm';
import type { AddressCipher } from '../core/index.ts';
import type { Db } from './database.ts';
import { rowsOf } from './rows.ts';

const BATCH = 500;
/** The staff notice about a lost channel names the channel by its sealed address (see recipient-gone.ts). */
export const CHANNEL_LOST_PREFIX = 'channel-lost:';

export interface ResealReport {
  subscriptions: number;
  deliveries: number;
  stayInTouch: number;
  broadcasts: number;
}

/**
 * `legacy`: only plain (never sealed) addresses, cheap at every start through
 * the partial `*_unsealed` indexes. `rotate`: everything not sealed with the first key.
 *
 * @example await resealAddresses(db, cipher, 'rotate') // { subscriptions: 950, deliveries: 12000, broadcasts: 1 }
 */
export async function resealAddresses(db: Db, cipher: AddressCipher, mode: 'legacy' | 'rotate'): Promise<ResealReport> {
  const prefix = cipher.currentPrefix;
  const stale = (column: string) =>
    mode === 'legacy' ? sql`${sql.raw(column)} not like 'a1.%'` : sql`left(${sql.raw(column)}, ${prefix.length}) <> ${prefix}`;
  const plain = (stored: string) => (cipher.isSealed(stored) ? cipher.open(stored) : stored);
  const report: ResealReport = { subscriptions: 0, deliveries: 0, stayInTouch: 0, broadcasts: 0 };

  const tables = { subscriptions: 'subscriptions', deliveries: 'deliveries', stayInTouch: 'stay_in_touch' } as const;
  for (const [key, table] of Object.entries(tables) as Array<[keyof typeof tables, string]>) {
    for (;;) {
      const rows = rowsOf<{ address_index: string; address: string }>(
        await db.execute(sql`select distinct address_index, address from ${sql.raw(table)} where ${stale('address')} limit ${BATCH}`),
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        const address = plain(row.address);
        const updated = rowsOf(
          await db.execute(sql`
            update ${sql.raw(table)} set address = ${cipher.seal(address)}, address_index = ${cipher.index(address)}
            where address_index = ${row.address_index} and address = ${row.address}
            returning 1 as one`),
        );
        report[key] += updated.length;
      }
    }
  }

  // Staff notices about a lost channel carry the channel's sealed address (and, from before
  // encryption, the plain one in their id too).
  const notices = rowsOf<{ id: string; content: unknown }>(
    await db.execute(sql`
      select id, content from broadcasts
      where content->>'template' = 'notice.channel-lost' and ${stale(`(content->'params'->>'channel')`)}`),
  );
  for (const notice of notices) {
    const content = (typeof notice.content === 'string' ? JSON.parse(notice.content) : notice.content) as { params: { channel: string } };
    const address = plain(content.params.channel);
    const sealed = { ...content, params: { ...content.params, channel: cipher.seal(address) } };
    const legacyAt = notice.id.indexOf(`:${CHANNEL_LOST_PREFIX}`);
    const id = legacyAt >= 0 && !cipher.isSealed(content.params.channel) ? `${notice.id.slice(0, legacyAt)}:${CHANNEL_LOST_PREFIX}${cipher.index(address)}` : notice.id;
    await db.transaction(async (tx) => {
      if (id !== notice.id) await tx.execute(sql`update deliveries set broadcast_id = ${id} where broadcast_id = ${notice.id}`);
      await tx.execute(sql`update broadcasts set id = ${id}, content = ${JSON.stringify(sealed)}::jsonb where id = ${notice.id}`);
    });
    report.broadcasts += 1;
  }
  return report;
}
