import { useState, type FormEvent } from 'react';
import { FormField, Notice, Section, Tag } from '../../components/ui';
import { graphql } from '../../generated';
import type { DischargeNoticeKind } from '../../generated/graphql';
import { newIdempotencyKey, useAction } from '../../lib/actions';
import { formatDate, formatDateTime, humanise } from '../../lib/format';
import { DeniedBadge, ErrorList, Governed, useDenial } from '../../lib/governed';
import type { PersonData } from './query';

const SEND = graphql(`
  mutation SendDischargeNotice($input: DischargeNoticeInput!) {
    sendDischargeNotice(input: $input) {
      id
      kind
      plannedDischargeDate
      borough
    }
  }
`);

export function DelayTag({ days, still }: { days: number | null; still?: boolean | null }) {
  if (!days) return null;
  return (
    <Tag tone="red">
      {days} day{days === 1 ? '' : 's'} delayed{still ? ', still in hospital' : ''}
    </Tag>
  );
}

/** A hospital tells the person's borough they need assessing, or when they will be discharged (Devon). */
function SendNoticeForm({ nhs, onDone }: { nhs: string; onDone: () => void }) {
  const [kind, setKind] = useState<DischargeNoticeKind>('ASSESSMENT');
  const [planned, setPlanned] = useState('');
  const [notes, setNotes] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(SEND);
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setKey(newIdempotencyKey());
    };
  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const r = await action.run({
      input: {
        nhsNumber: nhs,
        kind,
        plannedDischargeDate: planned || null,
        notes: notes.trim() || null,
        idempotencyKey: key,
      },
    });
    if (r?.sendDischargeNotice) {
      const n = r.sendDischargeNotice;
      setDone(
        `${humanise(n.kind)} notice sent to the borough (${n.borough}); planned discharge ${formatDate(n.plannedDischargeDate)}.`,
      );
      setNotes('');
      setKey(newIdempotencyKey());
      onDone();
    }
  }
  return (
    <form onSubmit={submit} noValidate className="subform" aria-label="Send a notice to social care">
      <h3>Send a notice to social care</h3>
      {done && <Notice tone="success">{done}</Notice>}
      <ErrorList errors={action.errors} title="The notice was not sent" />
      <fieldset className="fieldset">
        <legend>Kind of notice</legend>
        <label className="radio">
          <input
            type="radio"
            name="notice-kind"
            checked={kind === 'ASSESSMENT'}
            onChange={() => edit(setKind)('ASSESSMENT')}
          />{' '}
          Assessment: likely to need care and support on discharge
        </label>
        <label className="radio">
          <input
            type="radio"
            name="notice-kind"
            checked={kind === 'DISCHARGE'}
            onChange={() => edit(setKind)('DISCHARGE')}
          />{' '}
          Discharge: care must be in place by the planned date
        </label>
      </fieldset>
      <FormField
        label="Planned discharge date (optional)"
        hint="Leave empty to use the admission's planned date"
      >
        {(p) => (
          <input {...p} type="date" value={planned} onChange={(e) => edit(setPlanned)(e.target.value)} />
        )}
      </FormField>
      <FormField label="What the borough needs to know">
        {(p) => (
          <textarea
            {...p}
            rows={2}
            maxLength={2000}
            value={notes}
            onChange={(e) => edit(setNotes)(e.target.value)}
          />
        )}
      </FormField>
      <button type="submit" className="button" disabled={action.loading}>
        Send notice
      </button>
    </form>
  );
}

export function DischargeSection({
  person,
  canSend,
  onChanged,
}: {
  person: PersonData;
  canSend: boolean;
  onChanged: () => void;
}) {
  const path = ['person', 'dischargeNotices'];
  const denial = useDenial(path);
  return (
    <Section title="Hospital assessment and discharge notices" id="discharge-notices">
      {denial ? (
        <p>
          <DeniedBadge denial={denial} />
        </p>
      ) : (
        <Governed path={path} value={person.dischargeNotices} empty="No notices" source="health">
          {(list) => (
            <ul className="plain-list">
              {list.map((n, i) => (
                <li key={n.id ?? i}>
                  <strong>{humanise(n.kind)} notice</strong> from {n.hospital}, {formatDateTime(n.sentAt)}:
                  planned discharge {formatDate(n.plannedDischargeDate)}{' '}
                  <DelayTag days={n.delayedDays} still={n.stillInHospital} />
                  {n.notes && <div>{n.notes}</div>}
                  <div className="muted">
                    {n.acknowledgedAt
                      ? `Acknowledged by ${n.acknowledgedBy}, ${formatDateTime(n.acknowledgedAt)}`
                      : 'Not yet acknowledged'}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Governed>
      )}
      {canSend && <SendNoticeForm nhs={person.nhsNumber} onDone={onChanged} />}
    </Section>
  );
}
