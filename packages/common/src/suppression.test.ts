import { cell, group, median, tally } from './suppression';

const people = (n: number, each = 1) =>
  Array.from({ length: n * each }, (_, i) => ({ nhsNumber: `p${Math.floor(i / each)}` }));

describe('small-number suppression', () => {
  it('withholds a cell about fewer than 5 people, counting people rather than items', () => {
    expect(cell(tally(people(4, 3)))).toEqual({ value: null, suppressed: true });
    expect(cell(tally(people(5)))).toEqual({ value: 5, suppressed: false });
    expect(cell(tally(people(5, 2)))).toEqual({ value: 10, suppressed: false });
    expect(cell(tally([]))).toEqual({ value: null, suppressed: true });
  });

  it('rounds a published count to the nearest 5, so periods a day apart cannot be subtracted', () => {
    expect(cell(tally(people(7)))).toEqual({ value: 5, suppressed: false });
    expect(cell(tally(people(8)))).toEqual({ value: 10, suppressed: false });
    expect(cell(tally(people(5, 3)))).toEqual({ value: 15, suppressed: false });
    // A month of 24 referrals and the same month but its last day, 23: the day's one referral is
    // hidden (unless the two fall either side of a multiple of 5 and a half: 22 and 23 publish 20 and 25).
    expect(cell(tally(people(24))).value).toBe(cell(tally(people(23))).value);
    expect([22, 23].map((n) => cell(tally(people(n))).value)).toEqual([20, 25]);
  });

  it('withholds a second cell when one alone could be worked out from a published total', () => {
    const cells = group([tally(people(9)), tally(people(6)), tally(people(2))], true);
    expect(cells).toEqual([
      { value: 10, suppressed: false },
      { value: null, suppressed: true },
      { value: null, suppressed: true },
    ]);
    expect(group([tally(people(9)), tally(people(2))], false)[0]).toEqual({ value: 10, suppressed: false });
  });

  it('gives a median only when 5 or more people are behind it', () => {
    expect(median([1, 2, 3, 4], 4)).toEqual({ days: null, suppressed: true });
    expect(median([5, 1, 3, 2, 4], 5)).toEqual({ days: 3, suppressed: false });
    expect(median([1, 2, 3, 4, 5, 6.25], 6)).toEqual({ days: 3.5, suppressed: false });
  });
});
