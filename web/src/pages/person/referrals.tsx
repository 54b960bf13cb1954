import { useState, type FormEvent } from 'react';
import { FormField, Notice, Section, Tag } from '../../components/ui';
import { graphql } from '../../generated';
import type { ReferralService, Urgency } from '../../generated/graphql';
import { newIdempotencyKey, useAction } from '../../lib/actions';
import { formatDate, formatDateTime, humanise } from '../../lib/format';
import { DeniedBadge, ErrorList, Governed, useDenial } from '../../lib/governed';
import type { PersonData } from './query';

const CREATE = graphql(`
  mutation CreateReferral($input: ReferralInput!) {
    createReferral(input: $input) {
      id
      status
      borough {
        name
      }
    }
  }
`);

const SERVICES: { value: ReferralService; label: string }[] = [
  { value: 'HOME_CARE', label: 'Home care' },
  { value: 'ADAPTATION', label: 'Adaptations such as handrails' },
  { value: 'ASSESSMENT', label: 'An assessment of needs' },
  { value: 'CARER_SUPPORT', label: 'Support for a carer' },
];

const URGENCIES: { value: Urgency; label: string }[] = [
  { value: 'URGENT', label: 'Urgent: within a day' },
  { value: 'SOON', label: 'Soon: within a week' },
  { value: 'ROUTINE', label: 'Routine' },
];

export const STATUS_TONE: Record<string, 'blue' | 'green' | 'yellow' | 'red' | 'grey'> = {
  RECEIVED: 'yellow',
  TRIAGED: 'blue',
  ASSESSMENT_BOOKED: 'blue',
  SERVICE_PROVIDED: 'green',
  DECLINED: 'red',
  CLOSED: 'grey',
};

export function ReferralStatusTag({ status }: { status: string | null }) {
  return <Tag tone={STATUS_TONE[status ?? ''] ?? 'grey'}>{humanise(status)}</Tag>;
}

/** A GP refers the person to social services (JET). One key per submission: a resend makes no duplicate. */
function ReferralForm({ person, onDone }: { person: PersonData; onDone: () => void }) {
  const consentIds = (person.consents ?? []).filter(
    (c) => c.id && (c.state === 'active' || c.state === 'pending'),
  );
  const [service, setService] = useState<ReferralService>('HOME_CARE');
  const [urgency, setUrgency] = useState<Urgency>('SOON');
  const [reason, setReason] = useState('');
  const [consentReference, setConsentReference] = useState(consentIds[0]?.id ?? '');
  const [key, setKey] = useState(newIdempotencyKey);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(CREATE);
  // Any edit makes it a different submission, with its own key.
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setKey(newIdempotencyKey());
    };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    if (!reason.trim()) {
      setReasonError('Say why you are referring');
      return;
    }
    setReasonError(null);
    const r = await action.run({
      input: {
        nhsNumber: person.nhsNumber,
        service,
        urgency,
        reason: reason.trim(),
        consentReference: consentReference || null,
        idempotencyKey: key,
      },
    });
    if (r?.createReferral) {
      setDone(
        `Referral ${r.createReferral.id} sent to ${r.createReferral.borough?.name ?? 'social services'}.`,
      );
      setReason('');
      setKey(newIdempotencyKey());
      onDone();
    }
  }

  return (
    <form onSubmit={submit} className="subform" aria-label="Refer to social services" noValidate>
      <h3>Refer to social services</h3>
      {done && <Notice tone="success">{done}</Notice>}
      <ErrorList errors={action.errors} title="The referral was not sent" />
      <FormField label="Service needed">
        {(p) => (
          <select
            {...p}
            value={service}
            onChange={(e) => edit(setService)(e.target.value as ReferralService)}
          >
            {SERVICES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <fieldset className="fieldset">
        <legend>Urgency</legend>
        <div className="radios-inline">
          {URGENCIES.map((u) => (
            <label key={u.value}>
              <input
                type="radio"
                name="urgency"
                value={u.value}
                checked={urgency === u.value}
                onChange={() => edit(setUrgency)(u.value)}
              />{' '}
              {u.label}
            </label>
          ))}
        </div>
      </fieldset>
      <FormField
        label="Reason for referral"
        hint="What the person needs and why; the social care team reads this first."
        error={reasonError}
      >
        {(p) => (
          <textarea
            {...p}
            rows={3}
            maxLength={2000}
            value={reason}
            onChange={(e) => edit(setReason)(e.target.value)}
          />
        )}
      </FormField>
      <FormField label="Consent reference" hint="The consent this referral is made under">
        {(p) => (
          <select {...p} value={consentReference} onChange={(e) => edit(setConsentReference)(e.target.value)}>
            <option value="">None</option>
            {consentIds.map((c) => (
              <option key={c.id} value={c.id ?? ''}>
                {c.id} ({humanise(c.state)})
              </option>
            ))}
          </select>
        )}
      </FormField>
      <button type="submit" className="button" disabled={action.loading}>
        {action.loading ? 'Sending…' : 'Send referral'}
      </button>
    </form>
  );
}

export function ReferralsSection({
  person,
  role,
  onChanged,
}: {
  person: PersonData;
  role: string;
  onChanged: () => void;
}) {
  const path = ['person', 'referrals'];
  const denial = useDenial(path);
  return (
    <Section title="Referrals to social services" id="referrals">
      {denial ? (
        <p>
          <DeniedBadge denial={denial} />
        </p>
      ) : (
        <Governed path={path} value={person.referrals} empty="No referrals" source="social-care">
          {(list) => (
            <ul className="plain-list referrals">
              {list.map((r, i) => (
                <li key={r.id ?? i}>
                  <ReferralStatusTag status={r.status} /> <strong>{humanise(r.service)}</strong> (
                  {humanise(r.urgency)}), {formatDate(r.createdAt)} by {r.referredBy}
                  <br />
                  <span className="muted">{r.reason}</span>
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
                </li>
              ))}
            </ul>
          )}
        </Governed>
      )}
      {role === 'gp' && <ReferralForm person={person} onDone={onChanged} />}
    </Section>
  );
}
