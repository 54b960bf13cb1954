import { incomeBasisFrom, validateAssessment } from './rules';

const income = {
  claimReference: 'HB-1',
  periodStart: '2026-04-01',
  periodEnd: '2027-03-31',
  sources: [
    { kind: 'State Pension', weeklyAmount: 221.2 },
    { kind: 'Pension Credit', weeklyAmount: 12.15 },
  ],
  totalWeekly: 233.35,
  capital: 4000,
  verifiedOn: '2026-05-01',
};
const input = {
  nhsNumber: '9990000018',
  income,
  weeklyContribution: 20,
  outcome: ' Pays £20 ',
  idempotencyKey: 'fa-12345678',
};

describe('financial assessment rules', () => {
  it('takes the statement as read, tolerating a penny of rounding', () => {
    const ok = validateAssessment({ ...input, income: { ...income, totalWeekly: 233.36 } });
    expect(ok.income).toMatchObject({
      source: 'council_housing_benefit',
      claimReference: 'HB-1',
      capital: 4000,
    });
    expect(ok.outcome).toBe('Pays £20');
  });

  it.each([
    ['a total that does not add up', { income: { ...income, totalWeekly: 300 } }, 'input.income.totalWeekly'],
    [
      'a period that ends before it starts',
      { income: { ...income, periodEnd: '2026-01-01' } },
      'input.income.periodEnd',
    ],
    [
      'a negative source',
      { income: { ...income, sources: [{ kind: 'Wages', weeklyAmount: -5 }] } },
      'input.income.sources.0.weeklyAmount',
    ],
    ['no sources', { income: { ...income, sources: [] } }, 'input.income.sources'],
    [
      'a day February does not have',
      { income: { ...income, periodStart: '2026-02-30' } },
      'input.income.periodStart',
    ],
    ['a year no record has', { income: { ...income, verifiedOn: '0000-01-01' } }, 'input.income.verifiedOn'],
    ['a contribution out of range', { weeklyContribution: 1e6 }, 'input.weeklyContribution'],
    ['an empty outcome', { outcome: ' ' }, 'input.outcome'],
  ])('refuses %s', (_label, over, argument) => {
    expect(() => validateAssessment({ ...input, ...over })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ argument }) }),
    );
  });

  it('reads the council fields the gateway passes, and nothing when they were withheld', () => {
    const council = {
      councilId: 'C1',
      housingBenefit: { claimReference: 'HB-1', incomeStatement: { ...income, claimReference: undefined } },
    };
    expect(incomeBasisFrom(council)).toMatchObject({
      claimReference: 'HB-1',
      totalWeekly: 233.35,
      sources: income.sources,
    });
    expect(incomeBasisFrom(null)).toBeNull();
    expect(incomeBasisFrom({ housingBenefit: null })).toBeNull();
    expect(incomeBasisFrom({ housingBenefit: { claimReference: 'HB-1', incomeStatement: null } })).toBeNull();
  });
});
