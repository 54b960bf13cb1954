import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Page } from '../../components/page';
import { FormField, Loading, Notice } from '../../components/ui';
import { graphql } from '../../generated';
import type { DischargeNoticeKind } from '../../generated/graphql';
import { useAction } from '../../lib/actions';
import { formatDate, formatDateTime, formatNhsNumber, humanise } from '../../lib/format';
import { errorsOf, ErrorList, GovernedScope, SourceBanner } from '../../lib/governed';
import { Link } from '../../lib/router';
import { DelayTag } from '../person/discharge';

const INBOX = graphql(`
  query DischargeNoticesInbox($kind: DischargeNoticeKind, $unacknowledgedOnly: Boolean) {
    dischargeNoticesInbox(kind: $kind, unacknowledgedOnly: $unacknowledgedOnly) {
      id
      nhsNumber
      kind
      hospital
      admittedAt
      plannedDischargeDate
      notes
      sentBy
      sentAt
      acknowledgedBy
      acknowledgedAt
      delayedDays
      stillInHospital
    }
  }
`);

const SENT = graphql(`
  query DischargeNoticesSent {
    dischargeNoticesSent {
      id
      nhsNumber
      kind
      plannedDischargeDate
      notes
      sentBy
      sentAt
      borough
      acknowledgedBy
      acknowledgedAt
      delayedDays
      stillInHospital
    }
  }
`);

const ACK = graphql(`
  mutation AcknowledgeDischargeNotice($id: ID!) {
    acknowledgeDischargeNotice(id: $id) {
      id
      acknowledgedAt
    }
  }
`);

/** Hospitals' assessment and discharge notices for the borough, with days delayed (Devon). */
export function DischargeInboxPage({ role }: { role: string }) {
  const [kind, setKind] = useState<DischargeNoticeKind | ''>('');
  const [open, setOpen] = useState(true);
  const { data, error, loading, refetch } = useQuery(INBOX, {
    variables: { kind: kind || null, unacknowledgedOnly: open },
  });
  const errors = errorsOf(error);
  const ack = useAction(ACK);
  const [message, setMessage] = useState<string | null>(null);
  const list = data?.dischargeNoticesInbox ?? [];
  return (
    <Page title="Discharge notices" caption="Social care">
      <GovernedScope errors={errors}>
        <SourceBanner errors={errors} />
        <ErrorList errors={errors} />
        <ErrorList errors={ack.errors} title="Not acknowledged" />
        {message && <Notice tone="success">{message}</Notice>}
        <div className="filters">
          <FormField label="Kind">
            {(p) => (
              <select
                {...p}
                value={kind}
                onChange={(e) => setKind(e.target.value as DischargeNoticeKind | '')}
              >
                <option value="">Both</option>
                <option value="ASSESSMENT">Assessment</option>
                <option value="DISCHARGE">Discharge</option>
              </select>
            )}
          </FormField>
          <div className="form-group checkbox">
            <label>
              <input type="checkbox" checked={open} onChange={(e) => setOpen(e.target.checked)} /> Not yet
              acknowledged only
            </label>
          </div>
        </div>
        {loading && !data ? (
          <Loading />
        ) : list.length === 0 ? (
          <p>No notices.</p>
        ) : (
          <table className="table" data-testid="discharge-inbox">
            <caption className="visually-hidden">Notices from hospitals</caption>
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Notice</th>
                <th scope="col">Planned discharge</th>
                <th scope="col">Delay</th>
                <th scope="col">Notes</th>
                <th scope="col">
                  <span className="visually-hidden">Acknowledgement</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((n) => (
                <tr key={n.id}>
                  <td>
                    <Link to={`/people/${n.nhsNumber}`}>{formatNhsNumber(n.nhsNumber)}</Link>
                  </td>
                  <td>
                    <strong>{humanise(n.kind)}</strong> from {n.hospital}
                    <br />
                    <span className="muted">
                      {formatDateTime(n.sentAt)} by {n.sentBy}
                    </span>
                  </td>
                  <td>{formatDate(n.plannedDischargeDate)}</td>
                  <td>
                    <DelayTag days={n.delayedDays} still={n.stillInHospital} />
                    {!n.delayedDays && (
                      <span className="muted">{n.stillInHospital ? 'In hospital' : 'Discharged'}</span>
                    )}
                  </td>
                  <td>{n.notes}</td>
                  <td>
                    {n.acknowledgedAt ? (
                      <span className="muted">
                        Acknowledged by {n.acknowledgedBy}, {formatDateTime(n.acknowledgedAt)}
                      </span>
                    ) : role === 'social_worker' ? (
                      <button
                        type="button"
                        className="button button-small"
                        disabled={ack.loading}
                        onClick={async () => {
                          if (await ack.run({ id: n.id ?? '' })) {
                            setMessage(`Notice for ${formatNhsNumber(n.nhsNumber)} acknowledged.`);
                            void refetch();
                          }
                        }}
                      >
                        Acknowledge
                        <span className="visually-hidden"> notice for {formatNhsNumber(n.nhsNumber)}</span>
                      </button>
                    ) : null}
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

/** The notices this hospital sent, and whether each borough has picked them up. */
export function DischargeSentPage() {
  const { data, error, loading } = useQuery(SENT);
  const errors = errorsOf(error);
  const list = data?.dischargeNoticesSent ?? [];
  return (
    <Page title="Notices sent to social care" caption="Your hospital">
      <GovernedScope errors={errors}>
        <ErrorList errors={errors} />
        <p>Send a notice from a patient&apos;s page while they are an inpatient here.</p>
        {loading && !data ? (
          <Loading />
        ) : list.length === 0 ? (
          <p>Your hospital has not sent any notices.</p>
        ) : (
          <table className="table" data-testid="discharge-sent">
            <caption className="visually-hidden">Notices sent</caption>
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Notice</th>
                <th scope="col">Planned discharge</th>
                <th scope="col">Delay</th>
                <th scope="col">Borough</th>
              </tr>
            </thead>
            <tbody>
              {list.map((n) => (
                <tr key={n.id}>
                  <td>
                    <Link to={`/people/${n.nhsNumber}`}>{formatNhsNumber(n.nhsNumber)}</Link>
                  </td>
                  <td>
                    {humanise(n.kind)}, {formatDateTime(n.sentAt)} by {n.sentBy}
                  </td>
                  <td>{formatDate(n.plannedDischargeDate)}</td>
                  <td>
                    <DelayTag days={n.delayedDays} still={n.stillInHospital} />
                  </td>
                  <td>
                    {n.borough}:{' '}
                    {n.acknowledgedAt ? (
                      `acknowledged ${formatDateTime(n.acknowledgedAt)}`
                    ) : (
                      <span className="muted">not yet acknowledged</span>
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
