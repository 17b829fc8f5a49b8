/**
 * Signer display names: normalization, refusal reasons, and initials.
 *
 * Names are typed by signers on Telegram, Discord or a terminal and later shown
 * to other people (petition listings, exports, channel posts). Some signers are
 * at risk, and the name field is the one place an attacker controls free text,
 * so this module is deliberately strict: it only lets through what reads as a
 * person's name and gives a precise reason code for anything else. The caller
 * maps each code to a localized message; nothing here does I/O or logging.
 */

import { joinersFollowSpelling, mixesScripts } from './look-alike.ts';

export type NameProblem = 'empty' | 'too-long' | 'invisible-characters' | 'link' | 'markup' | 'symbols' | 'look-alike';
export type NameCheck = { ok: true; name: string } | { ok: false; problem: NameProblem };

/** Maximum name length, counted in user-perceived characters (grapheme clusters). */
export const MAX_NAME_LENGTH = 80;

/**
 * Raw input above this many UTF-16 code units is refused as 'too-long' before
 * any other work, so a 10,000-character paste costs one comparison. It is far
 * above what 80 graphemes of any real script need (Indic/Tibetan clusters are a
 * few code units each), leaving room for sloppy spacing that gets collapsed.
 */
const MAX_RAW_LENGTH = 1000;

/** More combining marks than this in a row is "Zalgo" text, not a name. */
const MAX_MARK_RUN = 8;

// --- Invisible characters --------------------------------------------------
//
// Refused as 'invisible-characters':
// - \p{Cc} controls. At the edges, whitespace controls (a trailing newline from
//   a terminal, a stray tab) are simply trimmed; inside a name they are refused
//   because a newline or tab can forge extra lines or columns in listings and
//   CSV/TSV exports (e.g. a fake second signer).
// - \p{Cf} format characters: bidi overrides/embeddings/isolates (U+202A–202E,
//   U+2066–2069), LRM/RLM, U+061C, zero-width space, word joiner, BOM, soft
//   hyphen, tag characters (U+E0000 block), ... Bidi controls can make a name
//   display as something else entirely (or reorder the surrounding text); the
//   others let two names that look identical be different strings.
// - U+200C ZWNJ / U+200D ZWJ are \p{Cf} too, but they are a legitimate part of
//   Persian and Indic spelling, so they are allowed directly between two letters
//   (the left letter may carry combining marks, e.g. an Indic virama), and only
//   where that spelling needs them (RFC 5892 CONTEXTJ, see joinersFollowSpelling):
//   "Ki<ZWJ>m" displays exactly as "Kim".
// - \p{Zl}/\p{Zp} line/paragraph separators (same reason as newlines).
// - \p{Cs} lone surrogates (malformed UTF-16).
// - Everything Unicode marks Default_Ignorable_Code_Point: besides the format
//   characters above this covers variation selectors and the Hangul fillers
//   U+115F, U+1160, U+3164, U+FFA0. The fillers are *letters* (\p{Lo}) that
//   render as nothing; they are the standard trick for making a "blank" name
//   that passes naive `trim() !== ''` checks, so they must be named explicitly.
// - U+2800 BRAILLE PATTERN BLANK, the other common "blank name" trick (it is a
//   symbol, so it would be refused anyway, but the precise reason helps).
const INVISIBLE =
  /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}\u2800]|(?<![\p{L}\p{Mn}\p{Mc}])[\u200C\u200D]|[\u200C\u200D](?!\p{L})/u;

/**
 * Emoji sequences legitimately contain ZWJ, variation selectors and tag
 * characters. Emoji are refused as 'symbols', so before looking for invisible
 * characters each well-formed emoji sequence is replaced by U+FFFD (itself a
 * symbol). Invisible characters *outside* an emoji sequence are still caught.
 * Order matters: the tag-sequence flag must be tried before the generic case.
 */
const EMOJI_SEQUENCE =
  /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}|\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|\p{Extended_Pictographic}[\uFE0E\uFE0F]?\p{Emoji_Modifier}?(?:\u200D\p{Extended_Pictographic}[\uFE0E\uFE0F]?\p{Emoji_Modifier}?)*/gu;

// --- Links -------------------------------------------------------------------
//
// Chat clients auto-link these, turning a signature into an advert or a
// phishing link shown next to the campaign's name.
const COMMON_TLDS = [
  'com', 'net', 'org', 'io', 'ru', 'cn', 'kr', 'me', 'ly', 'gg', 'xyz', 'info', 'biz', 'co', 'tk', 'top',
  'app', 'dev', 'site', 'online', 'shop', 'store', 'club', 'link', 'click', 'live', 'pro', 'tv', 'cc', 'ws',
  'su', 'ua', 'uk', 'us', 'eu', 'jp', 'tw', 'hk', 'kp', 'to', 'sh', 'ai', 'gl', 'onion',
  'рф', '中国', '中國', '한국', '香港', '台灣', '台湾',
];
const LINK_PATTERNS: readonly RegExp[] = [
  // Any URL scheme ("https://", "tg://", ...) and the dangerous scheme-only ones.
  /[a-z][a-z0-9+.-]{0,20}:\/\//iu,
  /(?:javascript|data|mailto|tg|tel|sms|file):/iu,
  /(?<![\p{L}\p{N}])www\./iu,
  // "something.tld/" with any TLD (t.me/x, discord.gg/x, bit.ly/x, ...).
  /[\p{L}\p{N}-]\.\p{L}{2,}\//u,
  // A bare domain with a common TLD. Only matches with no space after the dot,
  // so initials such as "J. R. R. Tolkien" are not affected; "Md.Rahman" is
  // fine because "rahman" is not a TLD.
  new RegExp(`[\\p{L}\\p{N}]\\.(?:${COMMON_TLDS.join('|')})(?![\\p{L}\\p{N}])`, 'iu'),
  // @username mentions and e-mail addresses. A lone "@" is just a symbol.
  /@[\p{L}\p{N}_]/u,
];

// --- Markup ------------------------------------------------------------------
//
// Characters with meaning in HTML, Markdown, Telegram/Discord formatting or
// templates: < > ` * _ ~ [ ] | { } # \ and HTML entities like "&lt;" / "&#8238;".
const MARKUP = /[<>`*_~[\]|{}#\\]|&#?[\p{L}\p{N}]+;/u;

// --- Allowlist ---------------------------------------------------------------
//
// Letters, non-enclosing combining marks, decimal digits, the space, and name
// punctuation: apostrophes ' ’ ʼ, hyphens - ‐, period, comma, middle dots · ・ ‧,
// the Hebrew geresh ׳ (as in ג׳ון), ZWNJ/ZWJ (their context was checked above),
// and parentheses (checked separately; see checkParentheses). Enclosing marks
// (\p{Me}, e.g. U+20E3 keycap, U+20DD circle) are excluded: they draw symbols.
const NOT_ALLOWED = /[^\p{L}\p{Mn}\p{Mc}\p{Nd} '’ʼ\-‐.,·・‧׳()\u200C\u200D]/u;
/**
 * Mathematical Alphanumeric Symbols (𝐊𝐢𝐦, 𝓚𝓲𝓶, 𝟙𝟚𝟛) are \p{L}/\p{Nd} but are
 * styled text used to dodge filters; a name should be plain text.
 */
const MATH_ALPHANUMERIC = /[\u{1D400}-\u{1D7FF}]/u;
/** A combining mark with nothing to combine with (start of name, after a space or punctuation). */
const STRAY_MARK = /(?<![\p{L}\p{Nd}\p{Mn}\p{Mc}])[\p{Mn}\p{Mc}]/u;
const MARK_RUN = new RegExp(`[\\p{Mn}\\p{Mc}]{${MAX_MARK_RUN + 1},}`, 'u');

/** No letter at all, only punctuation / spaces / digits: nothing that reads as a name. */
const NOTHING_NAMELIKE = /^[\p{P}\p{Zs}\p{Nd}]*$/u;
const HAS_LETTER = /\p{L}/u;

const WHITE_SPACE_CHAR = /^\p{White_Space}$/u;
const INNER_SPACE_RUN = /\p{Zs}+/gu;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function isWhiteSpace(ch: string): boolean {
  return WHITE_SPACE_CHAR.test(ch);
}

/**
 * Trims \p{White_Space} (which includes NBSP, U+3000, tabs and newlines, but not
 * U+FEFF or the zero-width characters) from both ends. A hand loop rather than
 * /\s+$/, which is quadratic on inputs with many inner whitespace runs. All
 * White_Space characters are in the BMP, so indexing by code unit is safe.
 */
function trimWhiteSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isWhiteSpace(s[start]!)) start++;
  while (end > start && isWhiteSpace(s[end - 1]!)) end--;
  return s.slice(start, end);
}

function countGraphemes(s: string, stopAfter: number): number {
  let n = 0;
  for (const _ of graphemes.segment(s)) {
    if (++n > stopAfter) break;
  }
  return n;
}

/**
 * Parentheses are allowed for things like "Kim Young-sam (김영삼)" or
 * "Maria (née Schmidt)". On their own they are not markup in any of our
 * channels (a Markdown link also needs [ ], which is refused), and the output
 * side escapes anyway. To keep them from being abused as syntax, only a single,
 * non-nested, balanced pair level is allowed, and each pair must contain a letter.
 */
function checkParentheses(s: string): boolean {
  let open = -1;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(') {
      if (open !== -1) return false; // nested
      open = i;
    } else if (ch === ')') {
      if (open === -1) return false; // unbalanced
      if (!HAS_LETTER.test(s.slice(open + 1, i))) return false; // "()" or "(123)"
      open = -1;
    }
  }
  return open === -1;
}

/** Words, as initialsOf counts them: "Young-sam" is one word, so "К-im" is judged as a whole. */
const WORD_SEPARATOR = / /;

/**
 * Normalizes a name as typed by a signer and says why it is refused, if it is.
 *
 * Normalization: NFKC, which folds full-width and other compatibility forms
 * ("Ｋｉｍ" becomes "Kim", "ﬁ" becomes "fi") so the stored name is the plain text
 * it displays as; trim whitespace at both ends; collapse each inner run of
 * space characters (\p{Zs}: space, NBSP, U+3000, en/em spaces, ...) to one
 * ASCII space. Checks run in this order, so the reason is the most useful one
 * to show (e.g. a bidi override hidden in a URL is reported as invisible):
 * too-long (cheap raw length) → invisible-characters → empty → link → markup
 * → symbols → too-long (graphemes) → look-alike (a word mixing scripts).
 */
export function checkSignerName(raw: string): NameCheck {
  if (raw.length > MAX_RAW_LENGTH) return { ok: false, problem: 'too-long' };

  const trimmed = trimWhiteSpace(raw.normalize('NFKC'));
  // A few compatibility characters fold into several (U+FDFA into 18), so the cheap bound is kept after folding.
  if (trimmed.length > MAX_RAW_LENGTH) return { ok: false, problem: 'too-long' };

  // Inner tabs/newlines are \p{Cc} and are caught here, before collapsing.
  const withoutEmoji = trimmed.replace(EMOJI_SEQUENCE, '\uFFFD');
  if (INVISIBLE.test(withoutEmoji) || !joinersFollowSpelling(withoutEmoji)) {
    return { ok: false, problem: 'invisible-characters' };
  }

  const name = trimmed.replace(INNER_SPACE_RUN, ' ');

  if (!HAS_LETTER.test(name) && NOTHING_NAMELIKE.test(name)) return { ok: false, problem: 'empty' };
  if (LINK_PATTERNS.some((re) => re.test(name))) return { ok: false, problem: 'link' };
  if (MARKUP.test(name) || !checkParentheses(name)) return { ok: false, problem: 'markup' };
  if (
    NOT_ALLOWED.test(name) ||
    // Tested on the input: NFKC would turn 𝐊𝐢𝐦 into Kim, but styled letters are refused, not rewritten.
    MATH_ALPHANUMERIC.test(raw) ||
    STRAY_MARK.test(name) ||
    MARK_RUN.test(name)
  ) {
    return { ok: false, problem: 'symbols' };
  }

  // Every grapheme has at least one code unit, so short strings need no segmenting.
  if (name.length > MAX_NAME_LENGTH && countGraphemes(name, MAX_NAME_LENGTH) > MAX_NAME_LENGTH) {
    return { ok: false, problem: 'too-long' };
  }

  // Last, on at most 80 graphemes: script lookups cost more than the regular expressions above.
  if (name.split(WORD_SEPARATOR).some(mixesScripts)) return { ok: false, problem: 'look-alike' };

  return { ok: true, name };
}

// --- Initials ----------------------------------------------------------------

/** A word written only in Hangul or Han (middle dots allowed, as in 约翰·史密斯). */
const CJK_WORD = /^[\p{Script=Hangul}\p{Script=Han}·・‧]+$/u;
const FIRST_NAMELIKE_CHAR = /[\p{L}\p{Nd}]/u;
const NAMELIKE_WORD = /[\p{L}\p{Nd}]/u;
const PARENTHESIZED = /\([^()]*\)/g;
const JOINERS = /[\u200C\u200D]/g;
const MIDDLE_DOTS = /[·・‧]/g;

function firstGrapheme(s: string): string {
  for (const { segment } of graphemes.segment(s)) return segment;
  return '';
}

/**
 * Short, less identifying form of a name for public display.
 *
 * "Kim Young-sam" -> "K. Y.", "김영삼" -> "김○○", "王小明" -> "王○○", "Ana" -> "A."
 *
 * - A name written entirely in Hangul/Han (spaces ignored, so "李 明" -> "李○")
 *   keeps its first character (normally the family name) and replaces each
 *   remaining character with "○", at most two, so the length of the given name
 *   is not revealed beyond that.
 * - Otherwise: one initial per space-separated word (so "Young-sam" is one
 *   word), the first letter or digit uppercased, followed by ".".
 * - Parenthesized parts ("Kim Young-sam (김영삼)") are ignored when anything
 *   else remains; they are usually the same name in another script.
 *
 * Expects a name accepted by checkSignerName; returns "" if nothing is usable.
 */
export function initialsOf(name: string): string {
  const normalized = name.normalize('NFC').replace(JOINERS, '');
  const wordsOf = (s: string) => s.split(/\p{White_Space}+/u).filter((w) => NAMELIKE_WORD.test(w));

  let words = wordsOf(normalized.replace(PARENTHESIZED, ' '));
  if (words.length === 0) words = wordsOf(normalized.replace(/[()]/g, ' '));
  if (words.length === 0) return '';

  if (words.every((w) => CJK_WORD.test(w))) {
    const chars = [...graphemes.segment(words.join('').replace(MIDDLE_DOTS, ''))].map((g) => g.segment);
    const first = chars[0] ?? '';
    return first + '○'.repeat(Math.min(2, chars.length - 1));
  }

  return words
    .map((w) => {
      const at = w.search(FIRST_NAMELIKE_CHAR);
      return firstGrapheme(w.slice(at)).toUpperCase() + '.';
    })
    .join(' ');
}
