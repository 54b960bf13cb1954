import { findPerson } from '../support/people';
import { Stack } from '../support/stack';
import { ext, key } from './support';

const HF = 'E09000013';

const INCOME = `query($n: NhsNumber!) { person(nhsNumber: $n) {
  council { housingBenefit { claimReference incomeStatement { totalWeekly periodStart periodEnd sources { kind weeklyAmount } } } }
  incomeForFinancialAssessment { claimReference periodStart periodEnd totalWeekly capital verifiedOn sources { kind weeklyAmount } seal }
} }`;
const RECORD = `mutation($input: FinancialAssessmentInput!) { recordFinancialAssessment(input: $input) {
  id weeklyContribution outcome assessedBy income { source claimReference totalWeekly sources { kind weeklyAmount } }
} }`;
const ASSESSMENTS = `query($n: NhsNumber!) { person(nhsNumber: $n) { financialAssessments { id weeklyContribution income { totalWeekly } } } }`;

type Basis = {
  claimReference: string;
  periodStart: string;
  periodEnd: string;
  totalWeekly: number;
  capital: number | null;
  verifiedOn: string | null;
  sources: { kind: string; weeklyAmount: number }[];
  seal: string;
};

describe('the income statement in a financial assessment, through the gateway', () => {
  let stack: Stack;
  let consented: string;
  let withdrawn: string;

  beforeAll(async () => {
    stack = await Stack.start({ people: 500 });
    const withBenefit = {
      knownTo: ['SOCIAL_CARE', 'COUNCIL'] as ('SOCIAL_CARE' | 'COUNCIL')[],
      borough: HF,
      situation: 'housing_benefit',
    };
    consented = await findPerson(stack, {
      ...withBenefit,
      consents: { council_benefit_to_social_care: 'active' },
    });
    withdrawn = await findPerson(stack, {
      ...withBenefit,
      consents: { council_benefit_to_social_care: 'withdrawn' },
    }).catch(() =>
      findPerson(stack, { ...withBenefit, consents: { council_benefit_to_social_care: 'none' } }),
    );
  });
  afterAll(() => stack.stop());

  const assessments = () => stack.subgraphs['social-care'].store.collection('financialAssessments').count({});

  it('with consent the officer reads the statement and records an assessment on it without re-entering it', async () => {
    const fao = await stack.as('financial_officer');
    const read = await fao.request<{
      person: {
        council: { housingBenefit: { claimReference: string; incomeStatement: { totalWeekly: number } } };
        incomeForFinancialAssessment: Basis;
      };
    }>(INCOME, { n: consented });
    expect(read.errors).toBeUndefined();
    const basis = read.data!.person.incomeForFinancialAssessment;
    expect(basis.totalWeekly).toBe(read.data!.person.council.housingBenefit.incomeStatement.totalWeekly);
    expect(basis.claimReference).toBe(read.data!.person.council.housingBenefit.claimReference);
    expect(basis.sources.length).toBeGreaterThan(0);

    const input = {
      nhsNumber: consented,
      income: basis,
      weeklyContribution: 42.5,
      outcome: 'Contributes £42.50 a week towards home care',
      idempotencyKey: key('fa'),
    };
    const recorded = await fao.request<{
      recordFinancialAssessment: { id: string; income: Basis & { source: string } };
    }>(RECORD, { input });
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data?.recordFinancialAssessment.income).toMatchObject({
      source: 'council_housing_benefit',
      claimReference: basis.claimReference,
      totalWeekly: basis.totalWeekly,
      sources: basis.sources,
    });
    const retry = await fao.request<{ recordFinancialAssessment: { id: string } }>(RECORD, { input });
    expect(retry.data?.recordFinancialAssessment.id).toBe(recorded.data?.recordFinancialAssessment.id);

    const listed = await fao.request<{ person: { financialAssessments: { id: string }[] } }>(ASSESSMENTS, {
      n: consented,
    });
    expect(listed.data?.person.financialAssessments.map((a) => a.id)).toContain(
      recorded.data?.recordFinancialAssessment.id,
    );
  });

  it('refuses a statement changed after it was read, even one whose figures add up, changing nothing', async () => {
    const fao = await stack.as('financial_officer');
    const read = await fao.request<{ person: { incomeForFinancialAssessment: Basis } }>(INCOME, {
      n: consented,
    });
    const basis = read.data!.person.incomeForFinancialAssessment;
    expect(basis.seal).toEqual(expect.any(String));
    const [first, ...rest] = basis.sources;
    const edits: [string, Partial<Basis>][] = [
      ['capital', { capital: 0 }],
      ['claim', { claimReference: 'OTHER-1' }],
      ['period', { periodStart: '1990-01-01' }],
      ['verified', { verifiedOn: '2999-12-31' }],
      [
        'a source and the total together',
        {
          sources: [{ ...first, weeklyAmount: first.weeklyAmount - 50 }, ...rest],
          totalWeekly: basis.totalWeekly - 50,
        },
      ],
      ['the seal', { seal: `${basis.seal.slice(0, -2)}AA` }],
    ];
    const before = await assessments();
    for (const [what, change] of edits) {
      const r = await fao.request(RECORD, {
        input: {
          nhsNumber: consented,
          income: { ...basis, ...change },
          weeklyContribution: 10,
          outcome: 'x',
          idempotencyKey: key('fa'),
        },
      });
      expect([what, ext(r)]).toEqual([
        what,
        expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'input.income' }),
      ]);
    }
    expect(await assessments()).toBe(before);
  });

  it('without active consent the statement is withheld (reason consent) and nothing is written', async () => {
    const fao = await stack.as('financial_officer');
    const read = await fao.request<{ person: { council: unknown; incomeForFinancialAssessment: unknown } }>(
      INCOME,
      { n: withdrawn },
    );
    expect(read.data?.person.council).toBeNull();
    expect(read.data?.person.incomeForFinancialAssessment).toBeNull();
    expect(
      read.errors?.find((e) => e.extensions?.field === 'Person.incomeForFinancialAssessment')?.extensions
        ?.reason,
    ).toBe('consent');

    const before = await assessments();
    const income = {
      claimReference: 'HB-TYPED-BY-HAND',
      periodStart: '2026-04-01',
      periodEnd: '2027-03-31',
      totalWeekly: 200,
      sources: [{ kind: 'State Pension', weeklyAmount: 200 }],
      seal: 'typed-by-hand',
    };
    const r = await fao.request(RECORD, {
      input: {
        nhsNumber: withdrawn,
        income,
        weeklyContribution: 10,
        outcome: 'x',
        idempotencyKey: key('fa'),
      },
    });
    expect(ext(r)).toMatchObject({ code: 'FORBIDDEN', reason: 'consent' });
    expect(await assessments()).toBe(before);
  });

  it('refuses figures that do not add up, and a role other than financial assessment, changing nothing', async () => {
    const fao = await stack.as('financial_officer');
    const before = await assessments();
    const income = {
      claimReference: 'HB1',
      periodStart: '2026-04-01',
      periodEnd: '2027-03-31',
      totalWeekly: 250,
      sources: [{ kind: 'State Pension', weeklyAmount: 200 }],
      seal: 'typed-by-hand',
    };
    const bad = await fao.request(RECORD, {
      input: {
        nhsNumber: consented,
        income,
        weeklyContribution: 10,
        outcome: 'x',
        idempotencyKey: key('fa'),
      },
    });
    expect(ext(bad)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.income.totalWeekly' });
    const sw = await stack.as('social_worker');
    const notHers = await sw.request(RECORD, {
      input: {
        nhsNumber: consented,
        income: { ...income, totalWeekly: 200 },
        weeklyContribution: 10,
        outcome: 'x',
        idempotencyKey: key('fa'),
      },
    });
    expect(ext(notHers)).toMatchObject({ code: 'FORBIDDEN', reason: 'role' });
    const unknown = await fao.request(RECORD, {
      input: {
        nhsNumber: '9999999999',
        income: { ...income, totalWeekly: 200 },
        weeklyContribution: 10,
        outcome: 'x',
        idempotencyKey: key('fa'),
      },
    });
    expect(ext(unknown)).toMatchObject({ code: 'FORBIDDEN', reason: 'relationship' });
    expect(await assessments()).toBe(before);
  });
});
