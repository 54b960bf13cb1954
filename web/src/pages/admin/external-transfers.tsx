import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Page } from '../../components/page';
import { FormField, Loading, Notice, Tag } from '../../components/ui';
import { graphql } from '../../generated';
import type { ExternalTransfersQuery, TransferStatus } from '../../generated/graphql';
import { useAction } from '../../lib/actions';
import { boroughName } from '../../lib/boroughs';
import { formatDate, formatDateTime, formatNhsNumber, formatSectionCounts } from '../../lib/format';
import { errorsOf, ErrorList } from '../../lib/governed';

const LIST = graphql(`
  query ExternalTransfers($status: TransferStatus, $limit: Int) {
    externalTransfers(status: $status, limit: $limit) {
      transferId
      nhsNumber
      givenName
      familyName
      dateOfBirth
      fromBorough
      toBorough
      exportedAt
      exportedBy
      submittedAt
      submittedBy
      status
      decidedAt
      decidedBy
      refusalReason
      clientId
      sectionCounts {
        assessments
        services
        caseNotes
        contacts
        safeguardingAlerts
      }
    }
  }
`);

const APPROVE = graphql(`
  mutation ApproveExternalTransfer($transferId: ID!) {
    approveExternalTransfer(transferId: $transferId) {
      transferId
      status
      clientId
      toBorough
    }
  }
`);

const REFUSE = graphql(`
  mutation RefuseExternalTransfer($transferId: ID!, $reason: String!) {
    refuseExternalTransfer(transferId: $transferId, reason: $reason) {
      transferId
      status
    }
  }
`);

type Transfer = NonNullable<ExternalTransfersQuery['externalTransfers']>[number];

/** The most the list asks for; it says so when there may be more. */
const LIMIT = 200;

const STATUS_LABEL: Record<string, string> = {
  AWAITING_APPROVAL: 'Awaiting approval',
  IMPORTING: 'Being imported',
  IMPORTED: 'Approved',
  REFUSED: 'Refused',
};

function Decide({
  t,
  onDone,
  onStale,
}: {
  t: Transfer;
  onDone: (message: string) => void;
  /** Not decided (someone else may have decided meanwhile): the list is read again. */
  onStale: () => void;
}) {
  const approve = useAction(APPROVE);
  const refuse = useAction(REFUSE);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const id = t.transferId ?? '';
  const who = `${t.givenName ?? ''} ${t.familyName ?? ''}`.trim();
  return (
    <>
      <ErrorList errors={[...approve.errors, ...refuse.errors]} title="Not decided" />
      <div className="inline-form">
        <button
          type="button"
          className="button"
          disabled={approve.loading}
          onClick={async () => {
            const r = await approve.run({ transferId: id });
            if (!r) onStale();
            if (r?.approveExternalTransfer)
              onDone(
                `Approved: ${who}'s record is imported for ${boroughName(r.approveExternalTransfer.toBorough)} as ${r.approveExternalTransfer.clientId ?? ''}.`,
              );
          }}
        >
          Approve and import<span className="visually-hidden"> ({who})</span>
        </button>
      </div>
      <form
        className="inline-form"
        noValidate
        aria-label={`Refuse the record for ${who}`}
        onSubmit={async (e) => {
          e.preventDefault();
          if (!reason.trim()) {
            setReasonError('Say why the file is refused');
            return;
          }
          setReasonError(null);
          if (await refuse.run({ transferId: id, reason: reason.trim() }))
            onDone(`Refused: nothing was imported for ${who}, and the file is discarded.`);
          else onStale();
        }}
      >
        <FormField label="Why it is refused (the receiving borough sees this)" error={reasonError}>
          {(p) => (
            <input {...p} className="input-wide" value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </FormField>
        <button type="submit" className="button button-secondary" disabled={refuse.loading}>
          Refuse
        </button>
      </form>
    </>
  );
}

/**
 * Records sent by boroughs outside this service: as each card says, a file alone proves nothing, so
 * IG confirms with the sender before it is imported. `decide` is for IG admins; a receiving borough
 * sees where its own files stand.
 */
export function ExternalTransferList({ decide }: { decide: boolean }) {
  const [status, setStatus] = useState<TransferStatus>('AWAITING_APPROVAL');
  const { data, error, loading, refetch } = useQuery(LIST, { variables: { status, limit: LIMIT } });
  const [message, setMessage] = useState<string | null>(null);
  const list = data?.externalTransfers ?? [];
  return (
    <section aria-labelledby="external-transfers">
      <h2 id="external-transfers">Records from outside this service</h2>
      <ErrorList errors={errorsOf(error)} />
      {message && <Notice tone="success">{message}</Notice>}
      <div className="filters">
        <FormField label="Status">
          {(p) => (
            <select {...p} value={status} onChange={(e) => setStatus(e.target.value as TransferStatus)}>
              {Object.entries(STATUS_LABEL).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      {loading && !data ? (
        <Loading />
      ) : list.length === 0 ? (
        <p>No {(STATUS_LABEL[status] ?? status).toLowerCase()} records.</p>
      ) : (
        <ol className="referral-cards" data-testid="external-transfers">
          {list.map((t) => (
            <li key={t.transferId} className="card" data-transfer={t.transferId ?? ''}>
              <div className="card-head">
                <h3>
                  {t.givenName} {t.familyName}
                </h3>
                <Tag
                  tone={
                    t.status === 'AWAITING_APPROVAL' ? 'yellow' : t.status === 'IMPORTED' ? 'green' : 'grey'
                  }
                >
                  {STATUS_LABEL[t.status ?? ''] ?? t.status}
                </Tag>
              </div>
              <p className="muted">As the file states them, unchecked:</p>
              <p>
                <span className="nhs-number">{formatNhsNumber(t.nhsNumber)}</span> · born{' '}
                {formatDate(t.dateOfBirth)}
                {' · '}from {boroughName(t.fromBorough)} to {boroughName(t.toBorough)}
              </p>
              <p className="muted">
                Exported {formatDateTime(t.exportedAt)} by {t.exportedBy} (as the file says); submitted here{' '}
                {formatDateTime(t.submittedAt)} by {t.submittedBy}. Carries{' '}
                {formatSectionCounts(t.sectionCounts)}. Transfer {t.transferId}.
              </p>
              {t.status === 'AWAITING_APPROVAL' || t.status === 'IMPORTING' ? (
                decide ? (
                  <>
                    {t.status === 'IMPORTING' && (
                      <p>
                        Being imported now. If it stays so, the import stopped half way: deciding it again,
                        five minutes after it stopped, first undoes what it left.
                      </p>
                    )}
                    <Decide
                      key={t.transferId}
                      t={t}
                      onDone={(m) => {
                        setMessage(m);
                        void refetch();
                      }}
                      onStale={() => void refetch()}
                    />
                  </>
                ) : (
                  <p>
                    {t.status === 'IMPORTING'
                      ? 'Being imported. If it stays so, an IG admin will decide it again.'
                      : 'An IG admin is confirming with the sending borough that they sent it.'}
                  </p>
                )
              ) : (
                <p className="muted">
                  {t.status === 'IMPORTED' ? 'Approved' : 'Refused'} by {t.decidedBy},{' '}
                  {formatDateTime(t.decidedAt)}
                  {t.refusalReason ? `: ${t.refusalReason}` : ''}
                  {t.clientId ? ` · client ${t.clientId}` : ''}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {list.length === LIMIT && (
        <p className="muted">Showing the newest {LIMIT}; older ones are not listed.</p>
      )}
    </section>
  );
}

/** IG admins: approve or refuse records sent from outside this service, once the sender is asked. */
export function ExternalTransfersPage() {
  return (
    <Page title="Transfers from outside" caption="Record transfer">
      <p>
        A borough outside this service sends its records as files, and nothing here can check that a file is
        the one the borough sent: whoever imports it would gain a relationship with the person it names. Call
        the sending borough on a number you already hold, confirm the transfer id and the person, then approve
        it; refuse it otherwise.
      </p>
      <ExternalTransferList decide />
    </Page>
  );
}
