import { forwardRef, useState, type FormEvent } from 'react';
import { FormField, Notice } from '../../components/ui';
import { graphql } from '../../generated';
import type { BreakGlassReason } from '../../generated/graphql';
import { useAction } from '../../lib/actions';
import { formatDateTime, humanise } from '../../lib/format';
import { ErrorList } from '../../lib/governed';
import type { PersonData } from './query';

const OPEN = graphql(`
  mutation OpenBreakGlass($nhs: NhsNumber!, $reason: BreakGlassReason!, $detail: String!) {
    openBreakGlass(nhsNumber: $nhs, reason: $reason, detail: $detail) {
      id
      until
    }
  }
`);

export const REASONS: { value: BreakGlassReason; label: string }[] = [
  { value: 'EMERGENCY_CARE', label: 'Immediate risk to life or health' },
  { value: 'SAFEGUARDING', label: 'A safeguarding concern about a child or an adult at risk' },
  { value: 'LACKS_CAPACITY', label: 'The person cannot consent and care must go on' },
  { value: 'LEGAL_DUTY', label: 'Required by law or a court order' },
];

/** Break-glass currently open for this user on this person, if any. */
export function openGlass(person: PersonData, username: string, now = new Date()) {
  return (
    (person.breakGlassUses ?? []).find((u) => u.user === username && u.until && new Date(u.until) > now) ??
    null
  );
}

export function BreakGlassBanner({ person, username }: { person: PersonData; username: string }) {
  const open = openGlass(person, username);
  if (!open) return null;
  return (
    <div className="banner banner-glass" role="status">
      <strong>Break-glass is open on this record until {formatDateTime(open.until)}</strong> (
      {humanise(open.reason)}). Every view is audited and reviewed by Information Governance.
    </div>
  );
}

interface Props {
  nhs: string;
  open: boolean;
  onToggle: (open: boolean) => void;
  onOpened: () => void;
}

/** Opening otherwise-denied fields for this person, for a short time, with a stated reason. */
export const BreakGlassPanel = forwardRef<HTMLDetailsElement, Props>(function BreakGlassPanel(
  { nhs, open, onToggle, onOpened },
  ref,
) {
  const [reason, setReason] = useState<BreakGlassReason>('EMERGENCY_CARE');
  const [detail, setDetail] = useState('');
  const [detailError, setDetailError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(OPEN);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const text = detail.trim();
    if (text.length < 10) {
      setDetailError('Give a justification of at least 10 characters');
      return;
    }
    setDetailError(null);
    const r = await action.run({ nhs, reason, detail: text });
    if (r?.openBreakGlass) {
      setDone(`Break-glass open until ${formatDateTime(r.openBreakGlass.until)}. IG has been alerted.`);
      setDetail('');
      onOpened();
    }
  }

  return (
    <details
      className="card break-glass"
      id="break-glass"
      ref={ref}
      open={open}
      onToggle={(e) => onToggle((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        <h2>Break glass</h2>
        <span className="muted"> Open withheld parts of this record in an emergency</span>
      </summary>
      {done && <Notice tone="success">{done}</Notice>}
      <p>
        Use this only when the person&apos;s care cannot wait for consent or a relationship. It opens the
        withheld parts of this record to you for a short time; every use raises an alert that Information
        Governance reviews.
      </p>
      <ErrorList errors={action.errors} title="Break-glass was not opened" />
      <form onSubmit={submit} noValidate>
        <fieldset className="fieldset">
          <legend>Reason</legend>
          {REASONS.map((r) => (
            <label key={r.value} className="radio">
              <input
                type="radio"
                name="bg-reason"
                value={r.value}
                checked={reason === r.value}
                onChange={() => setReason(r.value)}
              />{' '}
              {r.label}
            </label>
          ))}
        </fieldset>
        <FormField
          label="Justification"
          hint="What is happening and why you need this now (10 to 1000 characters)"
          error={detailError}
        >
          {(p) => (
            <textarea
              {...p}
              rows={3}
              maxLength={1000}
              value={detail}
              onChange={(e) => setDetail(e.target.value)}
            />
          )}
        </FormField>
        <button type="submit" className="button button-warning" disabled={action.loading}>
          Open break-glass
        </button>
      </form>
    </details>
  );
});
