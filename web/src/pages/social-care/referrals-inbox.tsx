import { useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Page } from '../../components/page';
import { FormField, Loading, Notice } from '../../components/ui';
import { graphql } from '../../generated';
import type { ReferralStatus, ReferralsInboxQuery } from '../../generated/graphql';
import { useAction } from '../../lib/actions';
import { formatDateTime, formatNhsNumber, humanise } from '../../lib/format';
import { errorsOf, ErrorList, GovernedScope, SourceBanner } from '../../lib/governed';
import { Link } from '../../lib/router';
import { ReferralStatusTag } from '../person/referrals';

const INBOX = graphql(`
  query ReferralsInbox($status: ReferralStatus) {
    referralsInbox(status: $status) {
      id
      nhsNumber
      service
      urgency
      reason
      consentReference
      referredBy
      referrerOrg
      status
      createdAt
      history {
        status
        reason
        by
        at
      }
    }
  }
`);

const UPDATE = graphql(`
  mutation UpdateReferralStatus($id: ID!, $status: ReferralStatus!, $reason: String) {
    updateReferralStatus(id: $id, status: $status, reason: $reason) {
      id
      status
    }
  }
`);

/** The JET workflow as social care applies it (the server enforces the same table). */
export const NEXT_STATUSES: Record<ReferralStatus, ReferralStatus[]> = {
  RECEIVED: ['TRIAGED', 'DECLINED'],
  TRIAGED: ['ASSESSMENT_BOOKED', 'DECLINED', 'CLOSED'],
  ASSESSMENT_BOOKED: ['SERVICE_PROVIDED', 'DECLINED', 'CLOSED'],
  SERVICE_PROVIDED: ['CLOSED'],
  DECLINED: [],
  CLOSED: [],
};
const REASON_REQUIRED: ReferralStatus[] = ['DECLINED', 'CLOSED'];
const ALL: ReferralStatus[] = [
  'RECEIVED',
  'TRIAGED',
  'ASSESSMENT_BOOKED',
  'SERVICE_PROVIDED',
  'DECLINED',
  'CLOSED',
];

type Referral = NonNullable<ReferralsInboxQuery['referralsInbox']>[number];

function Triage({ referral, onDone }: { referral: Referral; onDone: (message: string) => void }) {
  const next = NEXT_STATUSES[referral.status ?? 'CLOSED'] ?? [];
  const [status, setStatus] = useState<ReferralStatus | ''>(next[0] ?? '');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const action = useAction(UPDATE);
  if (next.length === 0)
    return (
      <p className="muted">This referral is {humanise(referral.status).toLowerCase()}: no further steps.</p>
    );
  const id = referral.id ?? '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!status) return;
    if (REASON_REQUIRED.includes(status) && !reason.trim()) {
      setReasonError(`A reason is required to move a referral to ${humanise(status).toLowerCase()}`);
      return;
    }
    setReasonError(null);
    const r = await action.run({ id, status, reason: reason.trim() || null });
    if (r?.updateReferralStatus) {
      setReason('');
      onDone(`Referral ${id} moved to ${humanise(r.updateReferralStatus.status).toLowerCase()}.`);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="triage" aria-label={`Triage referral ${id}`}>
      <ErrorList errors={action.errors} title="The referral was not changed" />
      <FormField label="Move to">
        {(p) => (
          <select {...p} value={status} onChange={(e) => setStatus(e.target.value as ReferralStatus)}>
            {next.map((s) => (
              <option key={s} value={s}>
                {humanise(s)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        label={status && REASON_REQUIRED.includes(status) ? 'Reason (required)' : 'Reason (optional)'}
        hint="The referrer sees this"
        error={reasonError}
      >
        {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </FormField>
      <button type="submit" className="button button-small" disabled={action.loading}>
        Update status
      </button>
    </form>
  );
}

/** The borough's referrals inbox: newest first, triaged through the JET statuses with reasons. */
export function ReferralsInboxPage({ role }: { role: string }) {
  const [filter, setFilter] = useState<ReferralStatus | ''>('RECEIVED');
  const { data, error, loading, refetch } = useQuery(INBOX, {
    variables: { status: filter || null },
    notifyOnNetworkStatusChange: true,
  });
  const errors = errorsOf(error);
  const [message, setMessage] = useState<string | null>(null);
  const list = data?.referralsInbox ?? [];
  const canTriage = role === 'social_worker';

  return (
    <Page title="Referrals inbox" caption="Social care">
      <GovernedScope errors={errors}>
        <SourceBanner errors={errors} />
        <ErrorList errors={errors} />
        {message && <Notice tone="success">{message}</Notice>}
        <div className="filters">
          <FormField label="Status">
            {(p) => (
              <select
                {...p}
                value={filter}
                onChange={(e) => setFilter(e.target.value as ReferralStatus | '')}
              >
                <option value="">All</option>
                {ALL.map((s) => (
                  <option key={s} value={s}>
                    {humanise(s)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </div>
        {loading && !data ? (
          <Loading what="Loading referrals" />
        ) : list.length === 0 ? (
          <p>No referrals{filter ? ` with status ${humanise(filter).toLowerCase()}` : ''}.</p>
        ) : (
          <ol className="referral-cards" data-testid="referrals-inbox">
            {list.map((r, i) => (
              <li key={r.id ?? i} className="card referral-card" data-referral={r.id ?? ''}>
                <div className="card-head">
                  <h2>
                    {humanise(r.service)} for{' '}
                    <Link to={`/people/${r.nhsNumber}`}>{formatNhsNumber(r.nhsNumber)}</Link>
                  </h2>
                  <ReferralStatusTag status={r.status} />
                </div>
                <p>
                  <strong>{humanise(r.urgency)}</strong> · from {r.referredBy} ({r.referrerOrg}) ·{' '}
                  {formatDateTime(r.createdAt)} · {r.id}
                </p>
                <p>{r.reason}</p>
                {r.consentReference && <p className="muted">Consent reference {r.consentReference}</p>}
                {r.history && r.history.length > 1 && (
                  <details>
                    <summary>History</summary>
                    <ol className="history">
                      {r.history.map((h, j) => (
                        <li key={j}>
                          {humanise(h.status)} · {formatDateTime(h.at)} · {h.by}
                          {h.reason ? `: ${h.reason}` : ''}
                        </li>
                      ))}
                    </ol>
                  </details>
                )}
                {canTriage && (
                  <Triage
                    key={`${r.id}-${r.status}`}
                    referral={r}
                    onDone={(m) => {
                      setMessage(m);
                      void refetch();
                    }}
                  />
                )}
              </li>
            ))}
          </ol>
        )}
      </GovernedScope>
    </Page>
  );
}
