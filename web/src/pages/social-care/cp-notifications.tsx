import { useQuery } from '@apollo/client/react';
import { Page } from '../../components/page';
import { Loading } from '../../components/ui';
import { graphql } from '../../generated';
import { formatDateTime, formatNhsNumber, ROLE_NAMES } from '../../lib/format';
import { errorsOf, ErrorList, GovernedScope } from '../../lib/governed';
import { Link } from '../../lib/router';

const NOTIFICATIONS = graphql(`
  query CpNotifications {
    cpNotifications(limit: 100) {
      id
      nhsNumber
      toWorker
      toBorough
      viewedByName
      viewerRole
      viewerOrg
      location
      at
    }
  }
`);

/** CP-IS: when unscheduled care viewed the flag of a child on your caseload (or your duty team's). */
export function CpNotificationsPage() {
  const { data, error, loading, refetch } = useQuery(NOTIFICATIONS, { notifyOnNetworkStatusChange: true });
  const errors = errorsOf(error);
  const list = data?.cpNotifications ?? [];
  return (
    <Page
      title="Child protection attendance notifications"
      caption="CP-IS"
      actions={
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void refetch()}
          disabled={loading}
        >
          Refresh
        </button>
      }
    >
      <GovernedScope errors={errors}>
        <ErrorList errors={errors} />
        <p>
          When an A&amp;E clinician or child protection nurse views the flag of a child you are responsible
          for, it shows here.
        </p>
        {loading && !data ? (
          <Loading what="Loading notifications" />
        ) : list.length === 0 ? (
          <p>No recent attendances.</p>
        ) : (
          <table className="table" data-testid="cp-notifications">
            <caption className="visually-hidden">Recent attendances, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Child</th>
                <th scope="col">Where</th>
                <th scope="col">Viewed by</th>
                <th scope="col">Told</th>
              </tr>
            </thead>
            <tbody>
              {list.map((n, i) => (
                <tr key={n.id ?? i}>
                  <td>{formatDateTime(n.at)}</td>
                  <td>
                    <Link to={`/people/${n.nhsNumber}`}>{formatNhsNumber(n.nhsNumber)}</Link>
                  </td>
                  <td>{n.location ?? <span className="muted">Not given</span>}</td>
                  <td>
                    {n.viewedByName}{' '}
                    <span className="muted">
                      ({ROLE_NAMES[n.viewerRole ?? ''] ?? n.viewerRole}, {n.viewerOrg})
                    </span>
                  </td>
                  <td>{n.toWorker ?? `Duty team, ${n.toBorough}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </GovernedScope>
    </Page>
  );
}
