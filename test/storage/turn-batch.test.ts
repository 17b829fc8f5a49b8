import { describe, expect, it } from 'vitest';
import { batchPerTurn } from '../../src/storage/turn-batch.ts';

describe('batchPerTurn', () => {
  it('hands every call of one turn to one flush, in groups of at most max, and answers each caller', async () => {
    const groups: number[][] = [];
    const double = batchPerTurn<number, number>(3, async (group) => {
      groups.push(group.map((w) => w.item));
      for (const w of group) w.resolve(w.item * 2);
    });
    const answers = await Promise.all([1, 2, 3, 4, 5].map(double));
    expect(answers).toEqual([2, 4, 6, 8, 10]);
    expect(groups).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    // A call in a later turn starts a new batch.
    expect(await double(7)).toBe(14);
    expect(groups).toHaveLength(3);
  });

  it('fails only the calls a throwing flush left unanswered, and the next group still runs', async () => {
    const mark = batchPerTurn<string, string>(2, async (group) => {
      group[0]!.resolve(`done ${group[0]!.item}`);
      if (group.some((w) => w.item === 'bad')) throw new Error('statement failed');
      for (const w of group.slice(1)) w.resolve(`done ${w.item}`);
    });
    const results = await Promise.allSettled(['a', 'bad', 'c', 'd'].map(mark));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'done a' },
      { status: 'rejected', reason: new Error('statement failed') },
      { status: 'fulfilled', value: 'done c' },
      { status: 'fulfilled', value: 'done d' },
    ]);
  });
});
