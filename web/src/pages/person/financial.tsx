import { useQuery } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { FormField, Loading, Notice, Section } from '../../components/ui';
import { graphql } from '../../generated';
import { newIdempotencyKey, useAction } from '../../lib/actions';
import { formatDate, formatDateTime, formatMoney, humanise } from '../../lib/format';
import { DeniedBadge, denialAt, errorsOf, ErrorList, Governed, GovernedScope } from '../../lib/governed';

const FINANCIAL = graphql(`
  query FinancialAssessment($nhs: NhsNumber!) {
    person(nhsNumber: $nhs) {
      nhsNumber
      incomeForFinancialAssessment {
        source
        claimReference
        periodStart
        periodEnd
        sources {
          kind
          weeklyAmount
        }
        totalWeekly
        capital
        verifiedOn
        seal
      }
      financialAssessments {
        id
        weeklyContribution
        outcome
        assessedBy
        assessedAt
        income {
          claimReference
          totalWeekly
        }
      }
    }
  }
`);

const RECORD = graphql(`
  mutation RecordFinancialAssessment($input: FinancialAssessmentInput!) {
    recordFinancialAssessment(input: $input) {
      id
      weeklyContribution
    }
  }
`);

/**
 * A financial assessment built on the council's income statement, read through the gateway with
 * the person's consent and passed on unchanged: nothing is typed twice (the Ellis council data).
 */
export function FinancialSection({ nhs, reloadToken }: { nhs: string; reloadToken: number }) {
  const { data, error, loading, refetch } = useQuery(FINANCIAL, { variables: { nhs } });
  useEffect(() => {
    if (reloadToken > 0) void refetch();
  }, [reloadToken, refetch]);
  const errors = errorsOf(error);
  const [contribution, setContribution] = useState('');
  const [outcome, setOutcome] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const action = useAction(RECORD);
  const basis = data?.person?.incomeForFinancialAssessment ?? null;
  const basisPath = ['person', 'incomeForFinancialAssessment'];
  const denial = denialAt(errors, basisPath);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const p: Record<string, string> = {};
    const amount = Number(contribution);
    if (contribution.trim() === '' || Number.isNaN(amount) || amount < 0 || amount > 10000)
      p.contribution = 'Enter the weekly contribution in pounds, 0 to 10,000';
    if (!outcome.trim()) p.outcome = 'Describe the outcome in a sentence';
    setProblems(p);
    if (
      Object.keys(p).length ||
      !basis?.claimReference ||
      !basis.periodStart ||
      !basis.periodEnd ||
      basis.totalWeekly == null ||
      !basis.seal
    )
      return;
    const r = await action.run({
      input: {
        nhsNumber: nhs,
        income: {
          claimReference: basis.claimReference,
          periodStart: basis.periodStart,
          periodEnd: basis.periodEnd,
          sources: (basis.sources ?? []).map((s) => ({
            kind: s.kind ?? '',
            weeklyAmount: s.weeklyAmount ?? 0,
          })),
          totalWeekly: basis.totalWeekly,
          capital: basis.capital,
          verifiedOn: basis.verifiedOn,
          seal: basis.seal,
        },
        weeklyContribution: amount,
        outcome: outcome.trim(),
        idempotencyKey: key,
      },
    });
    if (r?.recordFinancialAssessment) {
      setDone(
        `Financial assessment recorded: ${formatMoney(r.recordFinancialAssessment.weeklyContribution)} a week.`,
      );
      setContribution('');
      setOutcome('');
      setKey(newIdempotencyKey());
      void refetch();
    }
  }

  return (
    <Section title="Financial assessment" id="financial-assessment">
      <GovernedScope errors={errors}>
        {loading && !data ? (
          <Loading />
        ) : denial ? (
          <p>
            Income from the council: <DeniedBadge denial={denial} />
          </p>
        ) : (
          <Governed path={basisPath} value={basis} empty="No housing benefit income statement to assess on">
            {(b) => (
              <>
                <p>
                  Income from the council ({humanise(b.source) || 'housing benefit income statement'}), claim{' '}
                  {b.claimReference}, period {formatDate(b.periodStart)} to {formatDate(b.periodEnd)}:{' '}
                  <strong>{formatMoney(b.totalWeekly)} a week</strong>, capital {formatMoney(b.capital)}.
                </p>
                <form onSubmit={submit} noValidate aria-label="Record a financial assessment">
                  {done && <Notice tone="success">{done}</Notice>}
                  <ErrorList errors={action.errors} title="The assessment was not recorded" />
                  <FormField label="Weekly contribution (£)" error={problems.contribution}>
                    {(p) => (
                      <input
                        {...p}
                        className="input-short"
                        inputMode="decimal"
                        value={contribution}
                        onChange={(e) => {
                          setContribution(e.target.value);
                          setKey(newIdempotencyKey());
                        }}
                      />
                    )}
                  </FormField>
                  <FormField label="Outcome" error={problems.outcome}>
                    {(p) => (
                      <textarea
                        {...p}
                        rows={2}
                        value={outcome}
                        onChange={(e) => {
                          setOutcome(e.target.value);
                          setKey(newIdempotencyKey());
                        }}
                      />
                    )}
                  </FormField>
                  <button type="submit" className="button" disabled={action.loading}>
                    Record assessment
                  </button>
                </form>
              </>
            )}
          </Governed>
        )}
        <h3>Assessments recorded</h3>
        <Governed
          path={['person', 'financialAssessments']}
          value={data?.person?.financialAssessments}
          empty="None yet"
        >
          {(list) => (
            <ul className="plain-list" data-testid="financial-assessments">
              {list.map((a, i) => (
                <li key={a.id ?? i}>
                  {formatDateTime(a.assessedAt)}: <strong>{formatMoney(a.weeklyContribution)} a week</strong>{' '}
                  by {a.assessedBy} (income {formatMoney(a.income?.totalWeekly)} a week, claim{' '}
                  {a.income?.claimReference}). {a.outcome}
                </li>
              ))}
            </ul>
          )}
        </Governed>
      </GovernedScope>
    </Section>
  );
}
