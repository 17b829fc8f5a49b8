/**
 * Names that hold a signature for review: the addressee's own name, well-known
 * officials, insults. The lists are data (src/review/watchlists/*.json); this
 * is only the matching, which is strict about word boundaries so that a
 * legitimate name that merely contains a short sequence ("Xi Wang",
 * "Cassandra") is never held.
 */
import { nameTokens } from './name-matching.ts';

/** One list as it is written in its data file. */
export interface WatchListSource {
  /** Short name of the list, e.g. `addressee`. */
  name: string;
  /**
   * Whole words in order. "Xi Jinping" matches "XI JINPING", "Xi Jin-ping",
   * "xijinping" and "Mr Xi Jinping", never "Xi Wang" or "Jinping Liu".
   */
  tokens: string[];
  /**
   * Sequences of Han or Hangul matched inside a name, for scripts written
   * without spaces ("习近平主席", "김정은돼지"). At least two characters, so a
   * single character never holds a name.
   */
  within: string[];
}

export interface WatchList {
  /**
   * The name of the first list the name is on, or null.
   *
   * @example watchList.match('習 近平') // 'addressee'
   */
  match(name: string): string | null;
  /**
   * The same for a name already split by `nameTokens`, so a caller that needs the tokens anyway splits once.
   *
   * @example watchList.matchTokens(nameTokens('Xi Jinping')) // 'addressee'
   */
  matchTokens(tokens: readonly string[]): string | null;
}

interface CompiledEntry {
  list: string;
  /** The entry's tokens joined without spaces: a run of name tokens must join to exactly this. */
  joined: string;
}

const MIN_WITHIN_LENGTH = 2;

/**
 * Prepares the lists for matching; throws naming the list and entry when an
 * entry is empty or a `within` entry is too short to be safe.
 *
 * @example compileWatchList([{ name: 'addressee', tokens: ['Xi Jinping'], within: ['习近平'] }]).match('xi jinping') // 'addressee'
 */
export function compileWatchList(sources: WatchListSource[]): WatchList {
  const tokenEntries: CompiledEntry[] = [];
  const withinEntries: CompiledEntry[] = [];
  for (const source of sources) {
    for (const entry of source.tokens) {
      const joined = nameTokens(entry).join('');
      if (!joined) throw new Error(`watch list ${source.name}: empty entry "${entry}"`);
      tokenEntries.push({ list: source.name, joined });
    }
    for (const entry of source.within) {
      const joined = nameTokens(entry).join('');
      if ([...joined].length < MIN_WITHIN_LENGTH) throw new Error(`watch list ${source.name}: "${entry}" is too short to match inside names`);
      withinEntries.push({ list: source.name, joined });
    }
  }
  const byFirstChar = new Map<string, CompiledEntry[]>();
  for (const entry of tokenEntries) {
    const first = entry.joined[0]!;
    byFirstChar.set(first, [...(byFirstChar.get(first) ?? []), entry]);
  }

  return {
    match(name) {
      return this.matchTokens(nameTokens(name));
    },
    matchTokens(tokens) {
      if (tokens.length === 0) return null;
      for (let start = 0; start < tokens.length; start++) {
        const candidates = byFirstChar.get(tokens[start]![0]!);
        if (!candidates) continue;
        for (const entry of candidates) if (runJoinsTo(tokens, start, entry.joined)) return entry.list;
      }
      const compact = tokens.join('');
      for (const entry of withinEntries) if (compact.includes(entry.joined)) return entry.list;
      return null;
    },
  };
}

/** Whether tokens[start], tokens[start+1], ... joined without spaces are exactly `joined`. */
function runJoinsTo(tokens: readonly string[], start: number, joined: string): boolean {
  let at = 0;
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!joined.startsWith(token, at)) return false;
    at += token.length;
    if (at === joined.length) return true;
  }
  return false;
}
