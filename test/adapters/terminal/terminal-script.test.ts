import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killRunningScripts, SCRIPT_TEST_TIMEOUT_MS } from '../../support/run-script.ts';
import { DAYS_LEFT, runTerminal } from '../../support/run-terminal.ts';

describe('the terminal adapter driven by a script (npm start with stdin from a file)', { timeout: SCRIPT_TEST_TIMEOUT_MS }, () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'petition-terminal-'));
  });
  afterAll(async () => {
    await killRunningScripts();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('signs, counts up, withdraws, counts down, and exits 0 at the end of input (English)', async () => {
    const { code, stdout, stderr } = await runTerminal(
      ['/count', '/sign', 'Kim Young-sam', 'Kroea', '1', '2', '1', '/count', '/mydata', '/withdraw', '1', '/count'],
      { DATA_DIR: dataDir, LANG: 'en_US.UTF-8' },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // Zero reads "No signatures yet.", any other total "N signature(s) from".
    const counts = [...stdout.matchAll(/^(?:(\d+) signatures? from|No signatures yet\.)/gm)].map((m) => Number(m[1] ?? 0));
    expect(counts).toEqual([0, 1, 0]);
    expect(stdout).toContain("We don't recognize that country or region. Did you mean South Korea?");
    // Option 2 on the confirmation card turns the name into initials before signing.
    expect(stdout).toContain('Thank you! Your signature is in (shown as: K. Y.).');
    expect(stdout).toContain('Your signature: K. Y. (partial name)\nCountry or region: South Korea (KR)');
    expect(stdout).toContain('Your signature has been deleted. The petition has no signatures now.');
  });

  it('keeps its data between runs in the data folder, and speaks Korean from LANG', async () => {
    const first = await runTerminal(['/sign', '1', 'KR', '1'], { DATA_DIR: dataDir, LANG: 'ko_KR.UTF-8' });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('감사합니다! 서명이 접수되었습니다(표시 이름: 익명).');
    const second = await runTerminal(['/count', '/sign'], { DATA_DIR: dataDir, LANG: 'ko_KR.UTF-8' });
    expect(second.stdout).toContain('지금까지 1개국에서 1명이 서명했습니다');
    expect(second.stdout).toMatch(/이미 \d{4}년 \d{1,2}월 \d{1,2}일에 서명하셨습니다/);
  });

  it('switches to Chinese with /language and answers in Chinese', async () => {
    const dayBefore = newYorkDay();
    const { code, stdout } = await runTerminal(['/language zh', '/countdown', '/case 1', '/case 99', '/video'], {
      DATABASE_URL: 'memory://',
      LANG: 'C',
    });
    // One day less only when New York's midnight passed during the run.
    const daysLeft = newYorkDay() === dayBefore ? DAYS_LEFT : DAYS_LEFT - 1;
    expect(code).toBe(0);
    expect(stdout).toContain('语言已设为中文。');
    expect(stdout).toContain(`还剩${daysLeft}天`);
    expect(stdout).toContain('这是软件自带的示例条目，并非真实个案。');
    expect(stdout).toContain('THE LIST 中没有第99号个案。');
  });

  it('shares the configured links (the Telegram one with the code) and the warning', async () => {
    const configured = await runTerminal(['/share'], {
      DATABASE_URL: 'memory://',
      LANG: 'en_US.UTF-8',
      TELEGRAM_BOT_USERNAME: 'ExamplePetitionBot',
      PUBLIC_URL: 'https://petition.example.org',
    });
    expect(configured.code).toBe(0);
    expect(configured.stdout).toMatch(/On Telegram, with your own invitation link: https:\/\/t\.me\/ExamplePetitionBot\?start=r[A-Za-z0-9_-]{11}\n/);
    expect(configured.stdout).toContain('On the campaign page: https://petition.example.org/en');
    expect(configured.stdout).toContain('https://petition.example.org/share/en.png');
    expect(configured.stdout).toContain('Nobody has signed through your invitation link yet.');
    expect(configured.stdout).toContain('Careful: your Telegram link carries your invitation code.');
  });

  it('stops with one line naming the variable when the configuration is wrong', async () => {
    const { code, stdout, stderr } = await runTerminal(['/count'], { DATABASE_URL: 'mysql://nope' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'Configuration error: DATABASE_URL must start with postgres://, postgresql://, memory:// or file://',
    ]);
  });
});

/** The campaign counts days in New York. */
function newYorkDay(): string {
  return DateTime.now().setZone('America/New_York').toISODate()!;
}
