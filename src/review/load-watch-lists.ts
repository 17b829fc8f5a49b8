import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { compileWatchList, type WatchList, type WatchListSource } from '../core/watch-list.ts';

/** The shipped lists: one JSON file per list, named in the campaign file's `review.watchList.lists`. */
export const WATCH_LISTS_FOLDER = fileURLToPath(new URL('./watchlists', import.meta.url));

const watchListFile = z
  .object({
    name: z.string().regex(/^[a-z0-9-]{1,64}$/),
    /** Why the list exists and what it deliberately leaves out; not used for matching. */
    note: z.string().optional(),
    tokens: z.array(z.string().min(1).max(200)),
    within: z.array(z.string().min(1).max(200)),
  })
  .strict();

/**
 * Reads and compiles the named watch lists; a missing or malformed file stops
 * the start with one line naming it.
 *
 * @example const watchList = await loadWatchLists(campaign.review.watchList.lists)
 */
export async function loadWatchLists(names: string[], folder: string = WATCH_LISTS_FOLDER): Promise<WatchList> {
  const sources: WatchListSource[] = [];
  for (const name of names) {
    const path = join(folder, `${name}.json`);
    let raw: string;
    try {
      raw = await readFile(path, 'utf8');
    } catch {
      throw new Error(`campaign.review.watchList.lists: no watch list "${name}" in ${folder}`);
    }
    const parsed = watchListFile.safeParse(JSON.parse(raw));
    if (!parsed.success) throw new Error(`watch list ${name}: ${parsed.error.issues[0]!.path.join('.')} ${parsed.error.issues[0]!.message}`);
    sources.push(parsed.data);
  }
  return compileWatchList(sources);
}
