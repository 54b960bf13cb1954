import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Page } from '../../components/page';
import { FormField, Loading, Notice, Tag } from '../../components/ui';
import { graphql } from '../../generated';
import type { MatchQueueQuery } from '../../generated/graphql';
import { useAction } from '../../lib/actions';
import { formatDate, formatDateTime, formatNhsNumber, SOURCE_LABELS } from '../../lib/format';
import { errorsOf, ErrorList } from '../../lib/governed';

const QUEUE = graphql(`
  query MatchQueue($status: String) {
    matchQueue(status: $status) {
      id
      source
      localId
      givenName
      familyName
      dateOfBirth
      postcode
      suppliedNhsNumber
      reason
      status
      createdAt
      decidedBy
      linkedTo
      candidates {
        nhsNumber
        score
        name
        dateOfBirth
      }
    }
  }
`);

const CONFIRM = graphql(`
  mutation ConfirmMatch($id: ID!, $nhsNumber: NhsNumber!) {
    confirmMatch(id: $id, nhsNumber: $nhsNumber) {
      id
      status
      linkedTo
    }
  }
`);

const REJECT = graphql(`
  mutation RejectMatch($id: ID!, $reason: String!) {
    rejectMatch(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

type Entry = NonNullable<MatchQueueQuery['matchQueue']>[number];

function Decide({ entry, onDone }: { entry: Entry; onDone: (m: string) => void }) {
  const confirm = useAction(CONFIRM);
  const reject = useAction(REJECT);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const id = entry.id ?? '';
  return (
    <>
      <ErrorList errors={[...confirm.errors, ...reject.errors]} title="Not decided" />
      {(entry.candidates ?? []).length === 0 ? (
        <p className="muted">No candidate scored high enough to suggest.</p>
      ) : (
        <table className="table table-compact">
          <caption>Possible people, best first</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Date of birth</th>
              <th scope="col" className="num">
                Agreement
              </th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(entry.candidates ?? []).map((c) => (
              <tr key={c.nhsNumber}>
                <td>
                  {c.name} <span className="nhs-number muted">{formatNhsNumber(c.nhsNumber)}</span>
                </td>
                <td>{formatDate(c.dateOfBirth)}</td>
                <td className="num">{Math.round((c.score ?? 0) * 100)}%</td>
                <td>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={confirm.loading}
                    onClick={async () => {
                      const r = await confirm.run({ id, nhsNumber: c.nhsNumber ?? '' });
                      if (r?.confirmMatch)
                        onDone(
                          `Linked ${entry.localId} to ${formatNhsNumber(r.confirmMatch.linkedTo)}: it shows on that person at once.`,
                        );
                    }}
                  >
                    Link to this person<span className="visually-hidden"> ({c.name})</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="inline-form"
        noValidate
        aria-label={`Reject the candidates for ${entry.localId}`}
        onSubmit={async (e) => {
          e.preventDefault();
          if (!reason.trim()) {
            setReasonError('Say why none of these is the person');
            return;
          }
          setReasonError(null);
          if (await reject.run({ id, reason: reason.trim() }))
            onDone(`Held record ${entry.localId} rejected: nothing was linked.`);
        }}
      >
        <FormField label="Why none of these is the person" error={reasonError}>
          {(p) => (
            <input {...p} className="input-wide" value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </FormField>
        <button type="submit" className="button button-secondary" disabled={reject.loading}>
          Reject
        </button>
      </form>
    </>
  );
}

/** Local records held because they could not be linked to an NHS number safely: nothing is guessed. */
export function MatchingPage() {
  const [status, setStatus] = useState('OPEN');
  const { data, error, loading, refetch } = useQuery(QUEUE, { variables: { status } });
  const errors = errorsOf(error);
  const [message, setMessage] = useState<string | null>(null);
  const list = data?.matchQueue ?? [];
  return (
    <Page title="Matching queue" caption="Person index">
      <ErrorList errors={errors} />
      {message && <Notice tone="success">{message}</Notice>}
      <p>
        Records arrive here when they have no NHS number, or their details do not agree with the person index.
        Link each one only on firm evidence.
      </p>
      <div className="filters">
        <FormField label="Status">
          {(p) => (
            <select {...p} value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="OPEN">Open</option>
              <option value="CONFIRMED">Confirmed</option>
              <option value="REJECTED">Rejected</option>
            </select>
          )}
        </FormField>
      </div>
      {loading && !data ? (
        <Loading />
      ) : list.length === 0 ? (
        <p>No {status.toLowerCase()} records.</p>
      ) : (
        <ol className="referral-cards" data-testid="match-queue">
          {list.map((m) => (
            <li key={m.id} className="card" data-match={m.id ?? ''}>
              <div className="card-head">
                <h2>
                  {m.givenName} {m.familyName}
                </h2>
                <Tag tone={m.status === 'OPEN' ? 'yellow' : m.status === 'CONFIRMED' ? 'green' : 'grey'}>
                  {m.status}
                </Tag>
              </div>
              <p>
                {SOURCE_LABELS[m.source ?? ''] ?? m.source} record <strong>{m.localId}</strong> · born{' '}
                {formatDate(m.dateOfBirth)} · {m.postcode}
                {m.suppliedNhsNumber
                  ? ` · came with NHS number ${formatNhsNumber(m.suppliedNhsNumber)}`
                  : ' · no NHS number'}
              </p>
              <p className="muted">
                Held {formatDateTime(m.createdAt)}: {m.reason}
              </p>
              {m.status === 'OPEN' ? (
                <Decide
                  key={m.id}
                  entry={m}
                  onDone={(msg) => {
                    setMessage(msg);
                    void refetch();
                  }}
                />
              ) : (
                <p className="muted">
                  Decided by {m.decidedBy}
                  {m.linkedTo ? `: linked to ${formatNhsNumber(m.linkedTo)}` : ''}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </Page>
  );
}
