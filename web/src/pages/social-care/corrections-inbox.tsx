import { useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Page } from '../../components/page';
import { FormField, Loading, Notice, Tag } from '../../components/ui';
import { graphql } from '../../generated';
import type { CorrectionStatus, CorrectionsInboxQuery } from '../../generated/graphql';
import { useAction } from '../../lib/actions';
import { formatDateTime, formatNhsNumber, humanise } from '../../lib/format';
import { errorsOf, ErrorList, GovernedScope, SourceBanner } from '../../lib/governed';
import { Link } from '../../lib/router';
import { FIELD_NAMES } from '../person/corrections';

const INBOX = graphql(`
  query CorrectionsInbox($status: CorrectionStatus) {
    correctionsInbox(status: $status) {
      id
      nhsNumber
      field
      targetLabel
      oldValue
      proposedValue
      reason
      status
      proposedBy
      proposerOrg
      proposedAt
      decidedBy
      decidedAt
      decisionReason
    }
  }
`);

const ACCEPT = graphql(`
  mutation AcceptCorrection($id: ID!, $note: String) {
    acceptCorrection(id: $id, note: $note) {
      id
      status
    }
  }
`);

const REJECT = graphql(`
  mutation RejectCorrection($id: ID!, $reason: String!) {
    rejectCorrection(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

type Correction = NonNullable<CorrectionsInboxQuery['correctionsInbox']>[number];
export const CORRECTION_TONE: Record<string, 'yellow' | 'green' | 'red'> = {
  PROPOSED: 'yellow',
  ACCEPTED: 'green',
  REJECTED: 'red',
};

function Decide({ c, onDone }: { c: Correction; onDone: (m: string) => void }) {
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const accept = useAction(ACCEPT);
  const reject = useAction(REJECT);
  const busy = accept.loading || reject.loading;
  async function onAccept(e: FormEvent) {
    e.preventDefault();
    const r = await accept.run({ id: c.id, note: note.trim() || null });
    if (r?.acceptCorrection) onDone(`Correction accepted: the record now shows ${c.proposedValue}.`);
  }
  async function onReject() {
    if (!note.trim()) {
      setNoteError('Say why you are rejecting it: the proposer sees this');
      return;
    }
    setNoteError(null);
    const r = await reject.run({ id: c.id, reason: note.trim() });
    if (r?.rejectCorrection) onDone('Correction rejected; the proposer has your reason.');
  }
  return (
    <form onSubmit={onAccept} noValidate className="triage" aria-label={`Decide correction ${c.id}`}>
      <ErrorList errors={[...accept.errors, ...reject.errors]} title="Not decided" />
      <FormField label="Note to the proposer" hint="Required to reject" error={noteError}>
        {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
      </FormField>
      <button type="submit" className="button button-small" disabled={busy}>
        Accept and apply
      </button>
      <button
        type="button"
        className="button button-small button-warning"
        disabled={busy}
        onClick={() => void onReject()}
      >
        Reject
      </button>
    </form>
  );
}

/** Corrections GPs proposed to the borough's records, the record's value beside the proposed one. */
export function CorrectionsInboxPage() {
  const [status, setStatus] = useState<CorrectionStatus | ''>('PROPOSED');
  const { data, error, loading, refetch } = useQuery(INBOX, { variables: { status: status || null } });
  const errors = errorsOf(error);
  const [message, setMessage] = useState<string | null>(null);
  const list = data?.correctionsInbox ?? [];
  return (
    <Page title="Corrections to review" caption="Social care">
      <GovernedScope errors={errors}>
        <SourceBanner errors={errors} />
        <ErrorList errors={errors} />
        {message && <Notice tone="success">{message}</Notice>}
        <p>
          A correction changes the record only when you accept it; the change is kept with who proposed and
          who accepted it.
        </p>
        <div className="filters">
          <FormField label="Status">
            {(p) => (
              <select
                {...p}
                value={status}
                onChange={(e) => setStatus(e.target.value as CorrectionStatus | '')}
              >
                <option value="">All</option>
                {(['PROPOSED', 'ACCEPTED', 'REJECTED'] as const).map((s) => (
                  <option key={s} value={s}>
                    {humanise(s)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </div>
        {loading && !data ? (
          <Loading />
        ) : list.length === 0 ? (
          <p>No corrections{status ? ` ${humanise(status).toLowerCase()}` : ''}.</p>
        ) : (
          <ol className="referral-cards" data-testid="corrections-inbox">
            {list.map((c) => (
              <li key={c.id} className="card" data-correction={c.id}>
                <div className="card-head">
                  <h2>
                    {FIELD_NAMES[c.field ?? ''] ?? humanise(c.field)}
                    {c.targetLabel ? ` for ${c.targetLabel}` : ''}
                  </h2>
                  <Tag tone={CORRECTION_TONE[c.status ?? ''] ?? 'yellow'}>{humanise(c.status)}</Tag>
                </div>
                <p>
                  <Link to={`/people/${c.nhsNumber}`}>{formatNhsNumber(c.nhsNumber)}</Link> · proposed by{' '}
                  {c.proposedBy} ({c.proposerOrg}), {formatDateTime(c.proposedAt)}
                </p>
                <div className="side-by-side">
                  <div>
                    <h3>On the record</h3>
                    <p className="value-old">{c.oldValue || <span className="muted">Nothing</span>}</p>
                  </div>
                  <div>
                    <h3>Proposed</h3>
                    <p className="value-new">{c.proposedValue}</p>
                  </div>
                </div>
                <p>
                  <strong>Why:</strong> {c.reason}
                </p>
                {c.status === 'PROPOSED' ? (
                  <Decide
                    key={c.id}
                    c={c}
                    onDone={(m) => {
                      setMessage(m);
                      void refetch();
                    }}
                  />
                ) : (
                  <p className="muted">
                    {humanise(c.status)} by {c.decidedBy}, {formatDateTime(c.decidedAt)}
                    {c.decisionReason ? `: ${c.decisionReason}` : ''}
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
      </GovernedScope>
    </Page>
  );
}
