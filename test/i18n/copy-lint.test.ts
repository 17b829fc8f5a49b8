/**
 * Copy rules from the native-speaker review (shared/COPY-REVIEW.md), checked
 * over every string a supporter or staff member can read: every namespace
 * file in locales/<lang>/ (whatever files exist, so a namespace added later is
 * checked too), every campaign file and the sample cases of THE LIST.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../src/core/locale.ts';
import { loadResources } from '../../src/i18n/i18n.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CAMPAIGNS = join(ROOT, 'src/campaign/campaigns');
const SAMPLE_CASES = join(ROOT, 'src/list/sample-cases.json');

interface Text {
  where: string;
  text: string;
}

function textsOf(locale: Locale): Text[] {
  const texts: Text[] = [];
  const walk = (where: string, node: unknown) => {
    if (typeof node === 'string') texts.push({ where, text: node });
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(where.endsWith(':') ? `${where}${k}` : `${where}.${k}`, v);
  };
  for (const [ns, tree] of Object.entries(loadResources()[locale] ?? {})) walk(`${ns}:`, tree);
  for (const file of readdirSync(CAMPAIGNS).filter((f) => f.endsWith('.json'))) {
    const campaign = JSON.parse(readFileSync(join(CAMPAIGNS, file), 'utf8')) as Record<string, unknown>;
    for (const field of ['addressee', 'title', 'petition', 'deliveryNote']) {
      const value = (campaign[field] as Record<string, string> | undefined)?.[locale];
      if (value) texts.push({ where: `${file}:${field}`, text: value });
    }
  }
  const cases = JSON.parse(readFileSync(SAMPLE_CASES, 'utf8')) as Array<Record<string, unknown>>;
  for (const c of cases) {
    for (const field of [`summary_${locale}`, `story_${locale}`]) {
      if (typeof c[field] === 'string') texts.push({ where: `sample case ${c.number}:${field}`, text: c[field] as string });
    }
  }
  return texts;
}

/** A rule finds the offending part of a text, or null. */
interface Rule {
  name: string;
  /** The locales it applies to; the Chinese rules hold for both scripts. */
  locale: Locale | readonly Locale[] | 'all';
  find: (text: string) => string | null;
  /** A text the rule must refuse, so a broken rule cannot pass silently. */
  bad: string;
  /** A text the rule must accept. */
  good: string;
}

const first = (pattern: RegExp) => (text: string) => pattern.exec(text)?.[0] ?? null;

/** Placeholders whose values are Latin (channel mentions, links, ids, sizes, receipt codes): spaces around them are kept. */
const LATIN_PLACEHOLDERS = new Set(['channel', 'link', 'id', 'command', 'reason', 'max', 'code']);

/** A space between a Han character and a number or a placeholder, in either order. */
function cjkSpacing(original: string): string | null {
  // A command keeps its spaces, arguments included ("发送 /case 3 查看").
  const text = original.replace(/\/[a-z_]+(?: [a-z0-9|]+)*/g, '/command');
  const han = '\\p{Script=Han}';
  const around = [
    new RegExp(`${han} \\d`, 'u'),
    new RegExp(`\\d ${han}`, 'u'),
    new RegExp(`${han} \\{\\{(\\w+)[^}]*\\}\\}`, 'gu'),
    new RegExp(`\\{\\{(\\w+)[^}]*\\}\\} ${han}`, 'gu'),
  ];
  for (const pattern of around) {
    for (const match of text.matchAll(pattern.global ? pattern : new RegExp(pattern.source, 'gu'))) {
      if (match[1] && LATIN_PLACEHOLDERS.has(match[1])) continue;
      return match[0];
    }
  }
  return null;
}

/** Both Chinese scripts: Simplified (zh) and Traditional (zh-Hant). */
const CHINESE: readonly Locale[] = ['zh', 'zh-Hant'];

const RULES: Rule[] = [
  {
    name: 'no Korean particle hedge such as 을(를), (으)로, 은(는), 이(가), 와(과)',
    locale: 'ko',
    find: first(/\((?:으|을|를|은|는|이|가|와|과)\)/u),
    bad: '“{{name}}”(으)로 서명했습니다',
    good: '서명이 접수되었습니다(표시 이름: {{name}}).',
  },
  {
    name: 'a particle that depends on the value goes through the josa formatter',
    locale: 'ko',
    find: first(/\}\}(?:을|를|이|가|은|는|으로|로|와|과)(?=[\s.,!?)”’]|$)/u),
    bad: '{{suggestion}}를 고르셨습니다.',
    good: '{{suggestion, josa(을/를)}} 고르셨습니다. 혹시 {{suggestion}}입니까?',
  },
  {
    name: 'a space between a command and the Korean word after it',
    locale: 'ko',
    find: first(/\/[a-z_]+(?: [a-z|]+)*[\uAC00-\uD7A3]/u),
    bad: '그만두려면 /cancel을 보내 주세요.',
    good: '그만두려면 /cancel 을 보내 주세요. /remind on|off – 알림',
  },
  {
    name: 'one Korean register: -ㅂ니다, -시겠습니까?, -해 주세요',
    locale: 'ko',
    find: first(/(?:할까요|계신가요|나요\?|해요|(?<!주)세요)(?=[\s.!?:)]|$)/u),
    bad: '어떤 이름으로 표시할까요? 이름을 입력하세요.',
    good: '어떤 이름으로 서명하시겠습니까? 이름을 입력해 주세요.',
  },
  {
    name: 'Korean terms from the terminology table',
    locale: 'ko',
    find: first(/탈북자|새터민|북한 주민|강제 북송|추천|이니셜|이정표|중국에 붙잡힌|이야기/u),
    bad: '탈북자 일행과 함께 붙잡힌 여성',
    good: '탈북민 일행과 함께 붙잡힌 여성',
  },
  {
    name: 'no space between Chinese characters and numbers or placeholders (except Latin values)',
    locale: CHINESE,
    find: cjkSpacing,
    bad: '来自{{nations}}的 {{total}} 人签名，最近 7 天',
    good: '来自{{nations}}的{{total}}人签名，我无法在 {{channel}} 发帖，发送 /case 3 查看',
  },
  {
    name: '您, never 你',
    locale: CHINESE,
    find: first(/你/u),
    bad: '撤回你的签名',
    good: '撤回您的签名',
  },
  {
    name: 'Chinese terms from the terminology table',
    locale: 'zh',
    find: first(/请请|叛逃者|脱北难民|人道工作者|援助工作者|推荐码|案例|故事|缩写|首字母|里程碑|重要消息|我的数据|加密代码|签署请愿(?!书)|(?:\d|\}\})个签名/u),
    bad: '一名被拘留的援助工作者。请请工作人员帮忙。',
    good: '一名被拘留的人道主义工作者。请联系工作人员。',
  },
  {
    name: 'several items are joined with 、 in Chinese',
    locale: CHINESE,
    find: first(/[\p{L}\p{N}], (?=[\p{L}\p{N}])/u),
    bad: '/language – English, 한국어, 中文',
    good: '/language – English、한국어、中文',
  },
  {
    name: 'Traditional Chinese terms from the terminology table (Traditional forms)',
    locale: 'zh-Hant',
    find: first(/請請|叛逃者|脫北難民|人道工作者|援助工作者|推薦碼|案例|故事|縮寫|首字母|里程碑|重要消息|我的數據|加密代碼|簽署請願(?!書)|(?:\d|\}\})個簽名/u),
    bad: '一名被拘留的援助工作者。請請工作人員幫忙。',
    good: '一名被拘留的人道主義工作者。請聯絡工作人員。',
  },
  {
    name: 'Traditional Chinese is written in Traditional characters (the 简体中文 label aside)',
    locale: 'zh-Hant',
    // Common characters whose Simplified form differs; one of them means a string was not converted.
    find: (text) => first(/[签请愿国难们这时发为个说么语实关对应门见长开间问题贴数据网络视频链]/u)(text.replaceAll('简体中文', '')),
    bad: '请签署请愿书',
    good: '請簽署請願書（English、한국어、简体中文、繁體中文、Español）',
  },
  {
    name: 'Taiwan and Hong Kong usage: 北韓, and no mainland-only terms',
    locale: 'zh-Hant',
    find: first(/朝鮮(?!族)|視頻(?!道)|軟件|默認|鏈接|網絡|數據|賬號|二維碼|稽覈|程式碼|質量|信息/u),
    bad: '觀看朝鮮難民的視頻',
    good: '觀看北韓難民的影片（朝鮮族）',
  },
  {
    name: 'Spanish addresses the reader as usted, never tú',
    locale: 'es',
    find: first(/(?<![\p{L}])(?:tú|tu|tus|te|ti|contigo|puedes|quieres|tienes|eres|estás)(?![\p{L}])/iu),
    bad: 'Escribe tu nombre y envía /sign cuando puedas.',
    good: 'Elija su nombre y envíe /sign cuando pueda. El bot le envía un recordatorio.',
  },
  {
    name: 'texts do not assume a touch screen (choose, not tap)',
    locale: 'all',
    find: first(/\b(?:tap|click)\b|눌러|누르|点按|点选|点击|點按|點選|點擊|\btoque\b|\bpulse\b|haga clic/iu),
    bad: 'Tap one, or type a country name.',
    good: 'Choose one below, or type a country name.',
  },
];

describe('copy lint', () => {
  it.each(RULES.map((r) => [r.name, r] as const))('the rule "%s" refuses its bad example and accepts its good one', (_name, rule) => {
    expect(rule.find(rule.bad)).not.toBeNull();
    expect(rule.find(rule.good)).toBeNull();
  });

  const localesOf = (rule: Rule): readonly Locale[] => (rule.locale === 'all' ? LOCALES : typeof rule.locale === 'string' ? [rule.locale] : rule.locale);
  const cases = RULES.flatMap((rule) => localesOf(rule).map((locale) => [locale, rule.name, rule] as const));
  it.each(cases)('%s: %s', (locale, _name, rule) => {
    const offences = textsOf(locale)
      .map(({ where, text }) => ({ where, found: rule.find(text) }))
      .filter((o) => o.found !== null);
    expect(offences).toEqual([]);
  });

  it('reads every namespace file of every locale', () => {
    for (const locale of LOCALES) {
      const files = readdirSync(join(ROOT, 'locales', locale)).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
      const namespaces = new Set(textsOf(locale).map((t) => t.where.split(':')[0]));
      for (const ns of files) expect(namespaces).toContain(ns);
    }
  });
});
