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

  it('withholds a second cell when one alone could be worked out from a published total', () => {
    const cells = group([tally(people(9)), tally(people(6)), tally(people(2))], true);
    expect(cells).toEqual([
      { value: 9, suppressed: false },
      { value: null, suppressed: true },
      { value: null, suppressed: true },
    ]);
    expect(group([tally(people(9)), tally(people(2))], false)[0]).toEqual({ value: 9, suppressed: false });
  });

  it('gives a median only when 5 or more people are behind it', () => {
    expect(median([1, 2, 3, 4], 4)).toEqual({ days: null, suppressed: true });
    expect(median([5, 1, 3, 2, 4], 5)).toEqual({ days: 3, suppressed: false });
    expect(median([1, 2, 3, 4, 5, 6.25], 6)).toEqual({ days: 3.5, suppressed: false });
  });
});
