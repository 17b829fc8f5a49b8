import { describe, expect, it } from 'vitest';
import { DEFAULT_WATCH_LISTS } from '../../src/core/review-policy.ts';
import { compileWatchList } from '../../src/core/watch-list.ts';
import { loadWatchLists } from '../../src/review/load-watch-lists.ts';

const shipped = await loadWatchLists(DEFAULT_WATCH_LISTS);

describe('the shipped watch lists', () => {
  it.each([
    // The addressee, in en/ko/zh, with spacing, case, width, accents and script variants.
    ['Xi Jinping', 'addressee'],
    ['XI JINPING', 'addressee'],
    ['xi jin-ping', 'addressee'],
    ['Xi Jin Ping', 'addressee'],
    ['XiJinping', 'addressee'],
    ['Jinping Xi', 'addressee'],
    ['Xí Jìnpíng', 'addressee'],
    ['Ｘｉ Ｊｉｎｐｉｎｇ', 'addressee'],
    ['Mr. Xi Jinping', 'addressee'],
    ['习近平', 'addressee'],
    ['習近平', 'addressee'],
    ['習 近 平', 'addressee'],
    ['习近平主席', 'addressee'],
    ['시진핑', 'addressee'],
    ['시 진핑', 'addressee'],
    ['습근평', 'addressee'],
    // Officials.
    ['Kim Jong Un', 'officials'],
    ['kim jong-un', 'officials'],
    ['金正恩', 'officials'],
    ['김정은', 'officials'],
    ['Mao Zedong', 'officials'],
    ['毛澤東', 'officials'],
    // Insults, per language.
    ['Fuck You', 'insults-en'],
    ['Winnie the Pooh', 'insults-en'],
    ['Piece Of Shit', 'insults-en'],
    ['개새끼', 'insults-ko'],
    ['병신', 'insults-ko'],
    ['傻逼', 'insults-zh'],
    ['王八蛋', 'insults-zh'],
    ['草泥馬', 'insults-zh'],
  ])('holds %s (%s)', (name, list) => {
    expect(shipped.match(name)).toBe(list);
  });

  // Legitimate names that share letters, a syllable or a character with an entry.
  it.each([
    'Xi Wang',
    'Wang Xi',
    'Jinping Liu',
    'Jin Ping',
    'Li Jinping',
    'Xiang Jinyu',
    'Cassandra Scunthorpe',
    'Dick Hancock',
    'Charles Dickens',
    'Jackson Fuchs',
    'Shitaye Bekele',
    'Kim Jong-min',
    'Kim Jung-eun',
    'Kim Il-sun',
    '김정민',
    '이시진',
    '김병수',
    '신병철',
    '王小明',
    '习文',
    '近平',
    '毛小东',
    '金正',
    '马维尼',
    'Maosheng Deng',
    'Antonio Morón',
    'Idiotis Hartley',
  ])('passes %s', (name) => {
    expect(shipped.match(name)).toBeNull();
  });
});

describe('watch list matching', () => {
  const list = compileWatchList([{ name: 'test', tokens: ['Ann Example', 'ass'], within: ['字字字'] }]);

  it('matches whole tokens in order, however they are spaced', () => {
    expect(list.match('ann example')).toBe('test');
    expect(list.match('AnnExample')).toBe('test');
    expect(list.match('Dr Ann Example Jr')).toBe('test');
    expect(list.match('Example Ann')).toBeNull();
    expect(list.match('Anne Example')).toBeNull();
  });

  it('never matches a short entry inside a longer word', () => {
    expect(list.match('Ass')).toBe('test');
    expect(list.match('Cassandra')).toBeNull();
    expect(list.match('Assad Bassam')).toBeNull();
  });

  it('matches a within entry inside a run of characters', () => {
    expect(list.match('王字字字')).toBe('test');
    expect(list.match('字字')).toBeNull();
  });

  it('refuses entries that would hold everyone', () => {
    expect(() => compileWatchList([{ name: 'bad', tokens: [], within: ['狗'] }])).toThrow(/bad.*too short/);
    expect(() => compileWatchList([{ name: 'bad', tokens: ['  - '], within: [] }])).toThrow(/bad.*empty/);
  });

  it('stops the start on a missing list, naming it', async () => {
    await expect(loadWatchLists(['no-such-list'])).rejects.toThrow(/no watch list "no-such-list"/);
  });
});
