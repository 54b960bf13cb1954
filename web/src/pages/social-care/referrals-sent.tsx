import { useQuery } from '@apollo/client/react';
import { Page } from '../../components/page';
import { Loading } from '../../components/ui';
import { graphql } from '../../generated';
import { formatDateTime, formatNhsNumber, humanise } from '../../lib/format';
import { errorsOf, ErrorList, GovernedScope, SourceBanner } from '../../lib/governed';
import { Link } from '../../lib/router';
import { ReferralStatusTag } from '../person/referrals';

const SENT = graphql(`
  query ReferralsSent {
    referralsSent {
      id
      nhsNumber
      service
      urgency
      reason
      status
      createdAt
      borough {
        name
      }
      history {
        status
        reason
        by
        at
      }
    }
  }
`);

/** What the practice referred and where each referral stands, with social care's reasons. */
export function ReferralsSentPage() {
  const { data, error, loading } = useQuery(SENT);
  const errors = errorsOf(error);
  const list = data?.referralsSent ?? [];
  return (
    <Page title="Referrals sent" caption="Your practice">
      <GovernedScope errors={errors}>
        <SourceBanner errors={errors} />
        <ErrorList errors={errors} />
        {loading && !data ? (
          <Loading what="Loading referrals" />
        ) : list.length === 0 ? (
          <p>Your practice has not made any referrals.</p>
        ) : (
          <table className="table" data-testid="referrals-sent">
            <caption className="visually-hidden">Referrals sent by your practice</caption>
            <thead>
              <tr>
                <th scope="col">Made</th>
                <th scope="col">Person</th>
                <th scope="col">Service</th>
                <th scope="col">To</th>
                <th scope="col">Status</th>
                <th scope="col">Latest</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r, i) => {
                const last = r.history?.[r.history.length - 1];
                return (
                  <tr key={r.id ?? i}>
                    <td>{formatDateTime(r.createdAt)}</td>
                    <td>
                      <Link to={`/people/${r.nhsNumber}`}>{formatNhsNumber(r.nhsNumber)}</Link>
                    </td>
                    <td>
                      {humanise(r.service)} <span className="muted">({humanise(r.urgency)})</span>
                    </td>
                    <td>{r.borough?.name}</td>
                    <td>
                      <ReferralStatusTag status={r.status} />
                    </td>
                    <td>
                      {last && (
                        <>
                          {formatDateTime(last.at)} · {last.by}
                          {last.reason ? `: ${last.reason}` : ''}
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </GovernedScope>
    </Page>
  );
}
