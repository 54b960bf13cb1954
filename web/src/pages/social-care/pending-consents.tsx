import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Page } from '../../components/page';
import { Loading, Notice } from '../../components/ui';
import { graphql } from '../../generated';
import { useAction } from '../../lib/actions';
import { FLOW_NAMES, formatDate, formatDateTime, formatNhsNumber, humanise } from '../../lib/format';
import { errorsOf, ErrorList, GovernedScope, SourceBanner } from '../../lib/governed';
import { Link } from '../../lib/router';

const PENDING = graphql(`
  query PendingConsents {
    myCaseload {
      nhsNumber
      name
      person {
        consents {
          id
          flow
          state
          method
          recordedBy
          recordedByOrg
          recordedAt
          confirmBy
        }
      }
    }
  }
`);

const CONFIRM = graphql(`
  mutation ConfirmPendingConsent($id: ID!, $note: String) {
    confirmConsent(id: $id, note: $note) {
      id
      state
    }
  }
`);

/**
 * Consent a GP collected on social services' behalf stays pending until the paper form arrives and
 * is confirmed here; unconfirmed, it lapses after the deadline (the JET process).
 */
export function PendingConsentsPage() {
  const { data, error, loading, refetch } = useQuery(PENDING);
  const errors = errorsOf(error);
  const confirm = useAction(CONFIRM);
  const [message, setMessage] = useState<string | null>(null);
  const rows = (data?.myCaseload ?? []).flatMap((e) =>
    (e.person?.consents ?? []).filter((c) => c.state === 'pending').map((c) => ({ entry: e, consent: c })),
  );
  rows.sort((a, b) => (a.consent.confirmBy ?? '').localeCompare(b.consent.confirmBy ?? ''));

  return (
    <Page title="Consents to confirm" caption="Social care">
      <GovernedScope errors={errors}>
        <SourceBanner errors={errors} />
        <ErrorList errors={errors} />
        <ErrorList errors={confirm.errors} title="Consent was not confirmed" />
        {message && <Notice tone="success">{message}</Notice>}
        <p>
          Pending consents for people on your caseload, soonest deadline first. Confirm each once its paper
          form has arrived.
        </p>
        {loading && !data ? (
          <Loading />
        ) : rows.length === 0 ? (
          <p>No consent is waiting for confirmation.</p>
        ) : (
          <table className="table" data-testid="pending-consents">
            <caption className="visually-hidden">Pending consents</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Data flow</th>
                <th scope="col">Recorded</th>
                <th scope="col">Confirm by</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ entry, consent }) => (
                <tr key={consent.id}>
                  <td>
                    <Link to={`/people/${entry.nhsNumber}`}>{entry.name}</Link>
                    <br />
                    <span className="nhs-number muted">{formatNhsNumber(entry.nhsNumber)}</span>
                  </td>
                  <td>{FLOW_NAMES[consent.flow ?? ''] ?? consent.flow}</td>
                  <td>
                    {humanise(consent.method)} by {consent.recordedBy} ({consent.recordedByOrg}),{' '}
                    {formatDateTime(consent.recordedAt)}
                  </td>
                  <td>{formatDate(consent.confirmBy)}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-small"
                      disabled={confirm.loading}
                      onClick={async () => {
                        const r = await confirm.run({ id: consent.id ?? '', note: 'Paper form received' });
                        if (r) {
                          setMessage(`Consent confirmed for ${entry.name}.`);
                          void refetch();
                        }
                      }}
                    >
                      Confirm form received<span className="visually-hidden"> for {entry.name}</span>
                    </button>
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
