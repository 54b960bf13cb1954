import { useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Page } from '../../components/page';
import { FormField, Loading, Notice, Tag } from '../../components/ui';
import { graphql } from '../../generated';
import type { AlertStatus, BreakGlassAlertsQuery, ReviewAction } from '../../generated/graphql';
import { useAction } from '../../lib/actions';
import { formatDateTime, formatNhsNumber, humanise, ROLE_NAMES } from '../../lib/format';
import { errorsOf, ErrorList } from '../../lib/governed';

const ALERTS = graphql(`
  query BreakGlassAlerts($status: AlertStatus) {
    breakGlassAlerts(status: $status) {
      id
      nhsNumber
      user
      userName
      role
      org
      reason
      detail
      at
      until
      status
      reviews {
        action
        note
        by
        at
      }
    }
  }
`);

const REVIEW = graphql(`
  mutation ReviewBreakGlass($id: ID!, $action: ReviewAction!, $note: String!) {
    reviewBreakGlass(id: $id, action: $action, note: $note) {
      id
      status
    }
  }
`);

type Alert = NonNullable<BreakGlassAlertsQuery['breakGlassAlerts']>[number];
const STATUSES: AlertStatus[] = ['OPEN', 'FLAGGED', 'ESCALATED', 'CLOSED'];
const ACTIONS: { value: ReviewAction; label: string }[] = [
  { value: 'CLOSE', label: 'Close: the use was justified' },
  { value: 'FLAG', label: 'Flag for follow-up' },
  { value: 'ESCALATE', label: 'Escalate to the Caldicott Guardian' },
];
const TONE: Record<string, 'yellow' | 'red' | 'grey' | 'purple'> = {
  OPEN: 'yellow',
  FLAGGED: 'purple',
  ESCALATED: 'red',
  CLOSED: 'grey',
};

function Review({ alert, onDone }: { alert: Alert; onDone: (m: string) => void }) {
  const [action, setAction] = useState<ReviewAction>('CLOSE');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const review = useAction(REVIEW);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!note.trim()) {
      setError('Write a note for the record');
      return;
    }
    setError(null);
    const r = await review.run({ id: alert.id ?? '', action, note: note.trim() });
    if (r?.reviewBreakGlass)
      onDone(
        `Break-glass use by ${alert.userName ?? alert.user} is now ${humanise(r.reviewBreakGlass.status).toLowerCase()}.`,
      );
  }
  return (
    <form onSubmit={submit} noValidate className="subform" aria-label={`Review break-glass use ${alert.id}`}>
      <ErrorList errors={review.errors} title="Not reviewed" />
      <fieldset className="fieldset">
        <legend>Decision</legend>
        {ACTIONS.map((a) => (
          <label key={a.value} className="radio">
            <input
              type="radio"
              name={`action-${alert.id}`}
              checked={action === a.value}
              onChange={() => setAction(a.value)}
            />{' '}
            {a.label}
          </label>
        ))}
      </fieldset>
      <FormField label="Note" error={error}>
        {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
      </FormField>
      <button type="submit" className="button button-small" disabled={review.loading}>
        Record review
      </button>
    </form>
  );
}

/** Every break-glass use raises an alert that IG reviews: close, flag or escalate, with a note. */
export function BreakGlassAlertsPage() {
  const [status, setStatus] = useState<AlertStatus | ''>('OPEN');
  const { data, error, loading, refetch } = useQuery(ALERTS, { variables: { status: status || null } });
  const errors = errorsOf(error);
  const [message, setMessage] = useState<string | null>(null);
  const list = data?.breakGlassAlerts ?? [];
  return (
    <Page title="Break-glass alerts" caption="Information governance">
      <ErrorList errors={errors} />
      {message && <Notice tone="success">{message}</Notice>}
      <div className="filters">
        <FormField label="Status">
          {(p) => (
            <select {...p} value={status} onChange={(e) => setStatus(e.target.value as AlertStatus | '')}>
              <option value="">All</option>
              {STATUSES.map((s) => (
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
        <p>No break-glass uses{status ? ` with status ${humanise(status).toLowerCase()}` : ''}.</p>
      ) : (
        <ol className="referral-cards" data-testid="break-glass-alerts">
          {list.map((a, i) => (
            <li key={a.id ?? i} className="card">
              <div className="card-head">
                <h2>
                  {a.userName ?? a.user} opened {formatNhsNumber(a.nhsNumber)}
                </h2>
                <Tag tone={TONE[a.status ?? ''] ?? 'grey'}>{humanise(a.status)}</Tag>
              </div>
              <p>
                {ROLE_NAMES[a.role ?? ''] ?? a.role}, {a.org} · {formatDateTime(a.at)} until{' '}
                {formatDateTime(a.until)}
              </p>
              <p>
                <strong>{humanise(a.reason)}</strong>: {a.detail}
              </p>
              {(a.reviews ?? []).length > 0 && (
                <ol className="history">
                  {(a.reviews ?? []).map((r, j) => (
                    <li key={j}>
                      {humanise(r.action)} by {r.by}, {formatDateTime(r.at)}: {r.note}
                    </li>
                  ))}
                </ol>
              )}
              {a.status !== 'CLOSED' && (
                <Review
                  alert={a}
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
    </Page>
  );
}
