import { describe, it, expect } from 'vitest';
import { checkSignerName, initialsOf, MAX_NAME_LENGTH, type NameProblem } from '../../src/core/index.ts';

describe('checkSignerName: real names pass unchanged', () => {
  const realNames = [
    'Kim Young-sam',
    "O'Brien",
    'José Ñúñez',
    '김영삼',
    '王小明',
    '李 明',
    'Jean-Luc Picard',
    'Mary-Kate O’Neil',
    'Nguyễn Văn A',
    'محمد',
    'Ṣọlá',
    'J. R. R. Tolkien',
    "Anne-Marie d'Arc",
    'Kurt Gödel',
    'Иван Петров',
    'Ναταλία',
    'ישראל ישראלי',
    'ג׳ון',
    'Hawaiʻi Kealoha',
    'Martin Luther King, Jr.',
    'Md.Rahman',
    'Kim Young-sam (김영삼)',
    '约翰·史密斯',
    'やまだ・たろう',
    'می\u200Cخواهم', // Persian ZWNJ between letters
    'क्\u200Dष', // Devanagari ZWJ after a virama
    'ꯃꯅꯤꯄꯨꯔ',
    'a'.repeat(MAX_NAME_LENGTH),
  ];
  it.each(realNames)('%s', (name) => {
    expect(checkSignerName(name)).toEqual({ ok: true, name });
  });
});

describe('checkSignerName: normalization', () => {
  const cases: [string, string, string][] = [
    ['decomposed é becomes NFC', 'Jose\u0301', 'Jos\u00E9'],
    ['trims spaces', '  Kim Young-sam  ', 'Kim Young-sam'],
    ['trims a trailing newline', 'Kim Young-sam\n', 'Kim Young-sam'],
    ['trims CRLF and tabs at the edges', '\t Kim \r\n', 'Kim'],
    ['collapses inner runs of spaces', 'Kim    Young-sam', 'Kim Young-sam'],
    ['NBSP becomes a space', 'Kim\u00A0Young-sam', 'Kim Young-sam'],
    ['ideographic space becomes a space', '李\u3000明', '李 明'],
    ['mixed space run collapses to one', 'Kim \u00A0\u3000\u2003 Lee', 'Kim Lee'],
    ['edge NBSP and U+3000 are trimmed', '\u00A0\u3000김영삼\u3000', '김영삼'],
  ];
  it.each(cases)('%s', (_, raw, expected) => {
    expect(checkSignerName(raw)).toEqual({ ok: true, name: expected });
  });

  it('counts graphemes, not code units, for the length limit', () => {
    // 80 graphemes of e + combining acute (NFC has no precomposed form for ẹ́).
    const name = 'e\u0323\u0301'.repeat(MAX_NAME_LENGTH);
    expect(checkSignerName(name)).toEqual({ ok: true, name: name.normalize('NFC') });
    expect(checkSignerName('김'.repeat(MAX_NAME_LENGTH))).toMatchObject({ ok: true });
    expect(checkSignerName('김'.repeat(MAX_NAME_LENGTH + 1))).toEqual({ ok: false, problem: 'too-long' });
  });
});

describe('checkSignerName: hostile input is refused with a precise reason', () => {
  const hostile: [string, string, NameProblem][] = [
    // empty
    ['empty string', '', 'empty'],
    ['only spaces', '     ', 'empty'],
    ['only NBSP / ideographic spaces / newlines', '\u00A0\u3000\n\t', 'empty'],
    ['only punctuation', '...', 'empty'],
    ['only hyphens and apostrophes', "- ' -", 'empty'],
    ['only markdown-ish punctuation', '***', 'empty'],
    ['only digits', '12345', 'empty'],
    // too long
    ['81 letters', 'a'.repeat(MAX_NAME_LENGTH + 1), 'too-long'],
    ['10,000 characters', 'x'.repeat(10_000), 'too-long'],
    ['10,000 spaces', ' '.repeat(10_000), 'too-long'],
    // invisible characters
    ['inner newline (forged second line)', 'Kim\nLee', 'invisible-characters'],
    ['inner tab', 'Kim\tLee', 'invisible-characters'],
    ['inner carriage return', 'Kim\rLee', 'invisible-characters'],
    ['NUL', 'Kim\u0000', 'invisible-characters'],
    ['ESC (terminal escape sequence)', '\u001B[31mKim', 'invisible-characters'],
    ['DEL', 'Kim\u007F', 'invisible-characters'],
    ['C1 control NEL', 'Kim\u0085Lee', 'invisible-characters'],
    ['line separator', 'Kim\u2028Lee', 'invisible-characters'],
    ['paragraph separator', 'Kim\u2029Lee', 'invisible-characters'],
    ['LRE U+202A', 'Kim\u202ALee', 'invisible-characters'],
    ['RLE U+202B', 'Kim\u202BLee', 'invisible-characters'],
    ['PDF U+202C', 'Kim\u202CLee', 'invisible-characters'],
    ['LRO U+202D', 'Kim\u202DLee', 'invisible-characters'],
    ['RLO U+202E', 'Kim\u202Eeel', 'invisible-characters'],
    ['LRI U+2066', 'Kim\u2066Lee', 'invisible-characters'],
    ['RLI U+2067', 'Kim\u2067Lee', 'invisible-characters'],
    ['FSI U+2068', 'Kim\u2068Lee', 'invisible-characters'],
    ['PDI U+2069', 'Kim\u2069Lee', 'invisible-characters'],
    ['LRM', 'Kim\u200ELee', 'invisible-characters'],
    ['RLM', 'Kim\u200FLee', 'invisible-characters'],
    ['Arabic letter mark U+061C', 'محمد\u061C', 'invisible-characters'],
    ['zero-width space', 'Kim\u200BLee', 'invisible-characters'],
    ['only a zero-width space', '\u200B', 'invisible-characters'],
    ['word joiner', 'Kim\u2060Lee', 'invisible-characters'],
    ['BOM / ZWNBSP', '\uFEFFKim', 'invisible-characters'],
    ['soft hyphen', 'Kim\u00ADLee', 'invisible-characters'],
    ['tag characters', 'Kim\u{E0041}\u{E0042}', 'invisible-characters'],
    ['variation selector after a letter', 'Kim\uFE0F', 'invisible-characters'],
    ['combining grapheme joiner', 'Kim\u034FLee', 'invisible-characters'],
    ['ZWJ at the start', '\u200DKim', 'invisible-characters'],
    ['ZWNJ at the end', 'Kim\u200C', 'invisible-characters'],
    ['ZWJ next to a space', 'Kim \u200DLee', 'invisible-characters'],
    ['Hangul filler U+3164 as a blank name', '\u3164', 'invisible-characters'],
    ['Hangul choseong/jungseong fillers', '\u115F\u1160', 'invisible-characters'],
    ['halfwidth Hangul filler', '\uFFA0\uFFA0', 'invisible-characters'],
    ['Hangul filler inside a name', '김\u3164영삼', 'invisible-characters'],
    ['braille blank', '\u2800', 'invisible-characters'],
    ['lone surrogate', 'Kim\uD800', 'invisible-characters'],
    ['bidi override inside a URL', 'https://evil\u202E.com', 'invisible-characters'],
    // links
    ['https URL', 'https://example.org/x', 'link'],
    ['http URL', 'Kim http://example.org', 'link'],
    ['www.', 'www.example', 'link'],
    ['t.me link', 't.me/evilchannel', 'link'],
    ['telegram deep link', 'tg://resolve?domain=x', 'link'],
    ['bare domain', 'Kim example.com', 'link'],
    ['bare .io domain', 'bit.io', 'link'],
    ['domain with any TLD and a path', 'evil.pizza/x', 'link'],
    ['@mention', '@kimyoungsam', 'link'],
    ['mention after a name', 'Kim @admin', 'link'],
    ['e-mail address', 'kim@example.org', 'link'],
    ['markdown link', '[Kim](https://evil.example)', 'link'],
    ['javascript: link', '[Kim](javascript:alert(1))', 'link'],
    // markup
    ['HTML tag', '<b>Kim</b>', 'markup'],
    ['script tag', '<script>alert(1)</script>', 'markup'],
    ['lone angle bracket', 'Kim <3', 'markup'],
    ['HTML entity', 'Kim&#8238;', 'markup'],
    ['markdown bold', '**Kim**', 'markup'],
    ['markdown code', '`Kim`', 'markup'],
    ['code fence', '```Kim```', 'markup'],
    ['underscores', 'Kim_Young_sam', 'markup'],
    ['Discord spoiler', '||Kim||', 'markup'],
    ['strikethrough', '~~Kim~~', 'markup'],
    ['heading', '# Kim', 'markup'],
    ['template braces', '{{user.name}}', 'markup'],
    ['backslash escape', 'Kim\\nLee', 'markup'],
    ['empty parentheses', 'Kim ()', 'markup'],
    ['nested parentheses', 'Kim ((Lee))', 'markup'],
    ['unbalanced parenthesis', 'Kim )Lee(', 'markup'],
    ['SQL injection', "Robert'); DROP TABLE signatures;--", 'markup'],
    // symbols
    ['SQL without parentheses', "Robert'; DROP TABLE signatures;--", 'symbols'],
    ['SQL tautology', "' OR 1=1 --", 'symbols'],
    ['emoji', 'Kim 😀', 'symbols'],
    ['only an emoji', '😀', 'symbols'],
    ['emoji with variation selector', '❤️', 'symbols'],
    ['ZWJ emoji sequence', '👨‍👩‍👧', 'symbols'],
    ['emoji with skin tone', '👍🏽', 'symbols'],
    ['flag', '🇰🇷', 'symbols'],
    ['subdivision flag (tag sequence)', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', 'symbols'],
    ['keycap', 'Kim 1️⃣', 'symbols'],
    ['enclosing combining mark', 'Kim 1\u20DD', 'symbols'],
    ['math bold letters', '𝐊𝐢𝐦', 'symbols'],
    ['Zalgo', 'Kim' + '\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308', 'symbols'],
    ['combining mark with no base', '\u0301Kim', 'symbols'],
    ['ampersand', 'Kim & Lee', 'symbols'],
    ['slash', 'Kim/Lee', 'symbols'],
    ['double quotes', 'Kim "Jay" Lee', 'symbols'],
    ['colon', 'Name: Kim', 'symbols'],
    ['currency', 'Kim $$$', 'symbols'],
    ['private use character', 'Kim\uE000', 'symbols'],
  ];
  it.each(hostile)('%s', (_, raw, problem) => {
    expect(checkSignerName(raw)).toEqual({ ok: false, problem });
  });

  it('handles a 10,000-character string fast', () => {
    const inputs = ['x'.repeat(10_000), ' a'.repeat(5_000), '\u0301'.repeat(10_000), '😀'.repeat(5_000)];
    const start = performance.now();
    for (const raw of inputs) expect(checkSignerName(raw)).toEqual({ ok: false, problem: 'too-long' });
    expect(performance.now() - start).toBeLessThan(50);
  });

  it('stays fast on worst-case whitespace within the raw limit', () => {
    const raw = 'a' + ' \u00A0'.repeat(490) + 'b';
    const start = performance.now();
    expect(checkSignerName(raw)).toEqual({ ok: true, name: 'a b' });
    expect(performance.now() - start).toBeLessThan(50);
  });
});

describe('initialsOf', () => {
  const cases: [string, string][] = [
    ['Kim Young-sam', 'K. Y.'],
    ['김영삼', '김○○'],
    ['王小明', '王○○'],
    ['Ana', 'A.'],
    ['李明', '李○'],
    ['李 明', '李○'],
    ['남궁민수', '남○○'],
    ['김', '김'],
    ['Jean-Luc Picard', 'J. P.'],
    ['J. R. R. Tolkien', 'J. R. R. T.'],
    ["O'Brien", 'O.'],
    ["Anne-Marie d'Arc", 'A. D.'],
    ['José Ñúñez', 'J. Ñ.'],
    ['Nguyễn Văn A', 'N. V. A.'],
    ['kurt gödel', 'K. G.'],
    ['Иван Петров', 'И. П.'],
    ['محمد', 'م.'],
    ['Kim Young-sam (김영삼)', 'K. Y.'],
    ['约翰·史密斯', '约○○'],
    ['Jose\u0301', 'J.'],
  ];
  it.each(cases)('%s -> %s', (name, expected) => {
    expect(initialsOf(name)).toBe(expected);
  });

  it('returns an empty string when there is nothing to abbreviate', () => {
    expect(initialsOf('')).toBe('');
    expect(initialsOf(' - ')).toBe('');
  });
});

describe('checkSignerName: names that would pass for someone else are refused', () => {
  // [what it is, the input, the reason]. Cyrillic and Greek letters are written as escapes
  // so the table shows which letter is the impostor.
  const lookAlikes: [string, string, NameProblem][] = [
    ['ZWJ inside a Latin word', 'Ki\u200Dm Young', 'invisible-characters'],
    ['ZWNJ inside a Latin word', 'Ki\u200Cm Young', 'invisible-characters'],
    ['ZWJ inside the second word', 'Kim You\u200Dng', 'invisible-characters'],
    ['ZWNJ inside a Cyrillic word', '\u0418\u0432\u0430\u200C\u043D', 'invisible-characters'],
    ['ZWJ between Hangul syllables', '김\u200D영삼', 'invisible-characters'],
    ['ZWJ after a Devanagari consonant with no virama', 'क\u200Dष', 'invisible-characters'],
    ['ZWNJ after an Arabic letter that does not join to the left', '\u0627\u200C\u0628', 'invisible-characters'],
    ['Cyrillic Ka in a Latin word', '\u041Aim Young', 'look-alike'],
    ['Cyrillic Ka and o in two Latin words', '\u041Aim Y\u043Eung', 'look-alike'],
    ['Greek Kappa in a Latin word', '\u039Aim', 'look-alike'],
    ['Greek omicron in a Latin word', 'Kim Y\u03BFung', 'look-alike'],
    ['Cyrillic a in a Latin word', 'P\u0430ul', 'look-alike'],
    ['Cyrillic o in a Latin first name', 'J\u043Ehn Smith', 'look-alike'],
    ['Cyrillic Dze as a Latin S', '\u0405am Lee', 'look-alike'],
    ['Ukrainian i in a Latin word', 'K\u0456m', 'look-alike'],
    ['Cyrillic e in a Latin surname with accents', 'José Álvar\u0435z', 'look-alike'],
    ['Greek Alpha in a Latin word', '\u0391lex', 'look-alike'],
    ['Latin n in a Cyrillic word', '\u0418\u0432\u0430n', 'look-alike'],
    ['Armenian oh in a Latin word', 'K\u0585h', 'look-alike'],
    ['Cherokee letter as a Latin D', '\u13A0AVID', 'look-alike'],
    ['Hangul vowel i as a Latin l', 'K\u3163m', 'look-alike'],
    ['Cyrillic dze behind a hyphen, still one word', 'Young-\u0455am', 'look-alike'],
    ['full-width Latin with a Cyrillic o', 'Ｋｉｍ Y\u043Eung', 'look-alike'],
    ['Latin letter glued to an Arabic word', 'محمدa', 'look-alike'],
  ];
  it.each(lookAlikes)('%s', (_, raw, problem) => {
    expect(checkSignerName(raw)).toEqual({ ok: false, problem });
  });
});

describe('checkSignerName: real names in any script still pass', () => {
  // [what it is, the input, the name stored]
  const legitimate: [string, string, string][] = [
    ['Korean', '김영삼', '김영삼'],
    ['Korean, four syllables', '남궁민수', '남궁민수'],
    ['Korean in Hanja', '金泳三', '金泳三'],
    ['Chinese', '张伟', '张伟'],
    ['Chinese transliteration with a middle dot', '约翰·史密斯', '约翰·史密斯'],
    ['Japanese kanji', '山田太郎', '山田太郎'],
    ['Japanese kanji and hiragana in one word', '山田たろう', '山田たろう'],
    ['Japanese katakana', 'ヤマダ タロウ', 'ヤマダ タロウ'],
    ['half-width katakana is folded to full width', 'ﾔﾏﾀﾞ', 'ヤマダ'],
    ['Bopomofo with Han', 'ㄅㄆ王', 'ㄅㄆ王'],
    ['Arabic', 'محمد عبد الله', 'محمد عبد الله'],
    ['Persian with ZWNJ after a dual-joining letter', 'رحیم\u200Cزاده', 'رحیم\u200Cزاده'],
    ['Persian with ZWNJ before alef', 'علی\u200Cاکبر', 'علی\u200Cاکبر'],
    ['Hindi with virama + ZWJ (half form)', 'क्\u200Dषमा', 'क्\u200Dषमा'],
    ['Hindi with virama + ZWNJ (explicit virama)', 'लक्\u200Cष्मी', 'लक्\u200Cष्मी'],
    ['Russian', 'Мария Иванова', 'Мария Иванова'],
    ['Greek', 'Νίκος Παπαδόπουλος', 'Νίκος Παπαδόπουλος'],
    ['Vietnamese', 'Nguyễn Thị Minh Khai', 'Nguyễn Thị Minh Khai'],
    ['Vietnamese with đ', 'Trần Hưng Đạo', 'Trần Hưng Đạo'],
    ['Spanish', 'José Álvarez', 'José Álvarez'],
    ['Polish', 'Łukasz Żółć', 'Łukasz Żółć'],
    ['Turkish dotless i', 'Işıl Şükrü', 'Işıl Şükrü'],
    ['Danish', 'Søren Kierkegaard', 'Søren Kierkegaard'],
    ['Irish apostrophe', "O'Brien", "O'Brien"],
    ['hyphen and apostrophe', "Anne-Marie d'Arc", "Anne-Marie d'Arc"],
    ['Uzbek okina', 'Oʻzbek', 'Oʻzbek'],
    ['a Latin word-run and a Hangul word', 'Kim Young-sam 김영삼', 'Kim Young-sam 김영삼'],
    ['a Cyrillic word and a Latin word', 'Иван Ivan', 'Иван Ivan'],
    ['Georgian', 'ნინო', 'ნინო'],
    ['Armenian', 'Արամ', 'Արամ'],
    ['Thai', 'สมชาย', 'สมชาย'],
    ['Hebrew', 'ישראל ישראלי', 'ישראל ישראלי'],
    ['full-width Latin is folded', 'Ｋｉｍ Young', 'Kim Young'],
    ['full-width Latin with a precomposed accent', 'Ｊｏｓé', 'José'],
    ['a ligature is folded', 'ﬁona', 'fiona'],
  ];
  it.each(legitimate)('%s', (_, raw, name) => {
    expect(checkSignerName(raw)).toEqual({ ok: true, name });
  });
});
