import { Section, SummaryList, Tag } from '../../components/ui';
import { formatDate, formatMoney, humanise } from '../../lib/format';
import { DeniedBadge, Governed, useDenial } from '../../lib/governed';
import type { CouncilData, PersonData } from './query';

const C = ['person', 'council'];
const HB = [...C, 'housingBenefit'];

/** The housing benefit income statement: what a financial assessment can use without asking again. */
function IncomeStatement({ hb }: { hb: NonNullable<CouncilData['housingBenefit']> }) {
  return (
    <Governed
      path={[...HB, 'incomeStatement']}
      value={hb.incomeStatement}
      empty="No income statement on the claim"
    >
      {(s) => (
        <div data-testid="income-statement">
          <p className="muted">
            Period {formatDate(s.periodStart)} to {formatDate(s.periodEnd)}
            {s.verifiedOn ? ` · verified ${formatDate(s.verifiedOn)}` : ''}
          </p>
          <table className="table table-narrow">
            <caption className="visually-hidden">Weekly income by source</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col" className="num">
                  Weekly amount
                </th>
              </tr>
            </thead>
            <tbody>
              {(s.sources ?? []).map((src, i) => (
                <tr key={`${src.kind}-${i}`}>
                  <td>{src.kind}</td>
                  <td className="num">{formatMoney(src.weeklyAmount)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total weekly income</th>
                <td className="num">
                  <strong>{formatMoney(s.totalWeekly)}</strong>
                </td>
              </tr>
              <tr>
                <th scope="row">Capital and savings</th>
                <td className="num">{formatMoney(s.capital)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </Governed>
  );
}

export function CouncilSection({ person }: { person: PersonData }) {
  const denial = useDenial(C);
  const c = person.council;
  return (
    <Section title="Council: housing and benefits" id="council">
      {denial ? (
        <p>
          <DeniedBadge denial={denial} />
        </p>
      ) : !c ? (
        <Governed path={C} value={c} source="council" empty="Not known to the council" />
      ) : (
        <>
          <SummaryList
            rows={[
              ['Council', <Governed key="n" path={[...C, 'councilName']} value={c.councilName} />],
              ['Council id', <Governed key="i" path={[...C, 'councilId']} value={c.councilId} />],
              [
                'Current address',
                <Governed key="a" path={[...C, 'addressHistory']} value={c.addressHistory}>
                  {(list) => (
                    <>
                      {list[0].line}, {list[0].postcode}
                      {list.length > 1 && <span className="muted"> ({list.length - 1} earlier)</span>}
                    </>
                  )}
                </Governed>,
              ],
              [
                'Housing',
                <Governed key="h" path={[...C, 'housing']} value={c.housing}>
                  {(h) => (
                    <>
                      {humanise(h.tenure)}
                      {h.landlord ? `, ${h.landlord}` : ''}
                      {h.adaptations && h.adaptations.length > 0 && (
                        <ul className="plain-list">
                          {h.adaptations.map((a, i) => (
                            <li key={i}>
                              {a.description} ({formatDate(a.completedOn)}
                              {a.disabledFacilitiesGrant ? ', Disabled Facilities Grant' : ''})
                            </li>
                          ))}
                        </ul>
                      )}
                    </>
                  )}
                </Governed>,
              ],
              [
                'Council tax support',
                <Governed key="t" path={[...C, 'councilTaxSupport']} value={c.councilTaxSupport} empty="None">
                  {(t) =>
                    t.active
                      ? `${formatMoney(t.weeklyReduction)} a week off, band ${t.band}`
                      : `Not in payment (band ${t.band})`
                  }
                </Governed>,
              ],
            ]}
          />
          <h3>Housing benefit</h3>
          <Governed path={HB} value={c.housingBenefit} empty="No housing benefit claim">
            {(hb) => (
              <>
                <SummaryList
                  rows={[
                    [
                      'Claim',
                      <Governed key="r" path={[...HB, 'claimReference']} value={hb.claimReference} />,
                    ],
                    [
                      'Status',
                      <Governed key="s" path={[...HB, 'status']} value={hb.status}>
                        {(s) => <Tag tone={s === 'active' ? 'green' : 'grey'}>{humanise(s)}</Tag>}
                      </Governed>,
                    ],
                    [
                      'Weekly award',
                      <Governed key="w" path={[...HB, 'weeklyAward']} value={hb.weeklyAward}>
                        {(n) => formatMoney(n)}
                      </Governed>,
                    ],
                    [
                      'Award start',
                      <Governed key="d" path={[...HB, 'awardStart']} value={hb.awardStart}>
                        {(d) => formatDate(d)}
                      </Governed>,
                    ],
                  ]}
                />
                <h4>Income statement</h4>
                <IncomeStatement hb={hb} />
              </>
            )}
          </Governed>
        </>
      )}
    </Section>
  );
}
