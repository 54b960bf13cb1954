import { useQuery } from '@apollo/client/react';
import { Page } from '../../components/page';
import { Loading, Tag } from '../../components/ui';
import { graphql } from '../../generated';
import { formatDateTime, formatNhsNumber, humanise } from '../../lib/format';
import { errorsOf, ErrorList, GovernedScope, SourceBanner } from '../../lib/governed';
import { Link } from '../../lib/router';
import { FIELD_NAMES } from '../person/corrections';
import { CORRECTION_TONE } from './corrections-inbox';

const PROPOSED = graphql(`
  query CorrectionsProposed {
    correctionsProposed {
      id
      nhsNumber
      field
      targetLabel
      oldValue
      proposedValue
      status
      proposedAt
      borough {
        name
      }
      decidedBy
      decidedAt
      decisionReason
    }
  }
`);

/** What the practice proposed, and what the record's owners decided and why. */
export function CorrectionsProposedPage() {
  const { data, error, loading } = useQuery(PROPOSED);
  const errors = errorsOf(error);
  const list = data?.correctionsProposed ?? [];
  return (
    <Page title="Corrections proposed" caption="Your practice">
      <GovernedScope errors={errors}>
        <SourceBanner errors={errors} />
        <ErrorList errors={errors} />
        {loading && !data ? (
          <Loading />
        ) : list.length === 0 ? (
          <p>Your practice has not proposed any corrections.</p>
        ) : (
          <table className="table" data-testid="corrections-proposed">
            <caption className="visually-hidden">Corrections proposed by your practice</caption>
            <thead>
              <tr>
                <th scope="col">Proposed</th>
                <th scope="col">Person</th>
                <th scope="col">Correction</th>
                <th scope="col">Status</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id}>
                  <td>{formatDateTime(c.proposedAt)}</td>
                  <td>
                    <Link to={`/people/${c.nhsNumber}`}>{formatNhsNumber(c.nhsNumber)}</Link>
                  </td>
                  <td>
                    {FIELD_NAMES[c.field ?? ''] ?? humanise(c.field)}
                    {c.targetLabel ? ` for ${c.targetLabel}` : ''}: <del>{c.oldValue}</del> →{' '}
                    <ins>{c.proposedValue}</ins>
                  </td>
                  <td>
                    <Tag tone={CORRECTION_TONE[c.status ?? ''] ?? 'yellow'}>{humanise(c.status)}</Tag>
                  </td>
                  <td>
                    {c.decidedAt ? (
                      <>
                        {c.decidedBy}, {formatDateTime(c.decidedAt)}
                        {c.decisionReason ? `: ${c.decisionReason}` : ''}
                      </>
                    ) : (
                      <span className="muted">Waiting for {c.borough?.name ?? 'the borough'}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </GovernedScope>
    </Page>
  );
}
