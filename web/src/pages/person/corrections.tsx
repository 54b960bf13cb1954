import { useState, type FormEvent } from 'react';
import { FormField, Notice } from '../../components/ui';
import { graphql } from '../../generated';
import type { CorrectableField } from '../../generated/graphql';
import { newIdempotencyKey, useAction } from '../../lib/actions';
import { formatDateTime, humanise } from '../../lib/format';
import { ErrorList } from '../../lib/governed';
import type { SocialCareData } from './query';

const PROPOSE = graphql(`
  mutation ProposeCorrection($input: CorrectionInput!) {
    proposeCorrection(input: $input) {
      id
      status
      borough {
        name
      }
    }
  }
`);

export const FIELD_NAMES: Record<string, string> = {
  CONTACT_PHONE: "Contact's telephone number",
  CONTACT_NAME: "Contact's name",
  CARE_PACKAGE_HOURS: 'Home care hours per week',
};

type Target = { id: string; label: string; current: string };

function targetsFor(field: CorrectableField, sc: SocialCareData): Target[] {
  if (field === 'CARE_PACKAGE_HOURS')
    return (sc.services ?? [])
      .filter((s) => s.id && s.kind === 'HOME_CARE')
      .map((s) => ({
        id: s.id ?? '',
        label: `${humanise(s.kind)}: ${s.description ?? ''}`,
        current: String(s.hoursPerWeek ?? ''),
      }));
  return (sc.contacts ?? [])
    .filter((c) => c.id)
    .map((c) => ({
      id: c.id ?? '',
      label: `${c.name ?? ''} (${c.relationship ?? ''})`,
      current: (field === 'CONTACT_PHONE' ? c.phone : c.name) ?? '',
    }));
}

/**
 * A GP proposes a correction to the social care record (JET): nothing changes until the owning
 * borough accepts it.
 */
export function CorrectionForm({ nhs, sc, onDone }: { nhs: string; sc: SocialCareData; onDone: () => void }) {
  const [field, setField] = useState<CorrectableField>('CONTACT_PHONE');
  const targets = targetsFor(field, sc);
  const [targetId, setTargetId] = useState('');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(PROPOSE);
  const target = targets.find((t) => t.id === targetId) ?? targets[0];
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setKey(newIdempotencyKey());
    };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const p: Record<string, string> = {};
    if (!target) p.target = 'Choose what the correction is about';
    if (!value.trim()) p.value = 'Enter the correct value';
    if (!reason.trim()) p.reason = 'Say why the record is wrong';
    setProblems(p);
    if (Object.keys(p).length || !target) return;
    const r = await action.run({
      input: {
        nhsNumber: nhs,
        field,
        targetId: target.id,
        proposedValue: value.trim(),
        reason: reason.trim(),
        idempotencyKey: key,
      },
    });
    if (r?.proposeCorrection) {
      setDone(
        `Correction proposed to ${r.proposeCorrection.borough?.name ?? 'the borough'}. The record changes only if they accept it; you will see their decision under Corrections proposed.`,
      );
      setValue('');
      setReason('');
      setKey(newIdempotencyKey());
      onDone();
    }
  }

  return (
    <details className="subform">
      <summary>
        <h3 className="inline-heading">Propose a correction</h3>
      </summary>
      <form onSubmit={submit} noValidate aria-label="Propose a correction">
        <p className="hint">
          The social care team that owns this record decides; nothing changes until they accept it.
        </p>
        {done && <Notice tone="success">{done}</Notice>}
        <ErrorList errors={action.errors} title="The correction was not sent" />
        <FormField label="What is wrong">
          {(p) => (
            <select
              {...p}
              value={field}
              onChange={(e) => {
                edit(setField)(e.target.value as CorrectableField);
                setTargetId('');
              }}
            >
              {Object.entries(FIELD_NAMES).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          label={field === 'CARE_PACKAGE_HOURS' ? 'Which care package' : 'Which contact'}
          error={problems.target}
        >
          {(p) =>
            targets.length === 0 ? (
              <p className="muted" id={p.id}>
                Nothing of that kind is on the record.
              </p>
            ) : (
              <select {...p} value={target?.id ?? ''} onChange={(e) => edit(setTargetId)(e.target.value)}>
                {targets.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.label}
                  </option>
                ))}
              </select>
            )
          }
        </FormField>
        {target && (
          <p>
            On the record now: <strong>{target.current || 'nothing'}</strong>
          </p>
        )}
        <FormField
          label="Correct value"
          hint={
            field === 'CARE_PACKAGE_HOURS'
              ? 'Hours per week, 0 to 168'
              : field === 'CONTACT_PHONE'
                ? 'A UK telephone number'
                : undefined
          }
          error={problems.value}
        >
          {(p) => (
            <input
              {...p}
              className="input-medium"
              inputMode={
                field === 'CARE_PACKAGE_HOURS' ? 'decimal' : field === 'CONTACT_PHONE' ? 'tel' : 'text'
              }
              value={value}
              onChange={(e) => edit(setValue)(e.target.value)}
            />
          )}
        </FormField>
        <FormField label="Why the record is wrong" error={problems.reason}>
          {(p) => (
            <textarea
              {...p}
              rows={2}
              maxLength={2000}
              value={reason}
              onChange={(e) => edit(setReason)(e.target.value)}
            />
          )}
        </FormField>
        <button type="submit" className="button" disabled={action.loading}>
          Propose correction
        </button>
      </form>
    </details>
  );
}

/** Accepted corrections to values a viewer may have seen before: shown so nobody acts on the old one. */
export function ChangeNotices({ notices }: { notices: SocialCareData['changeNotices'] }) {
  if (!notices || notices.length === 0) return null;
  return (
    <div className="banner banner-info" role="status" data-testid="change-notices">
      <p>
        <strong>Changed recently on this record</strong>
      </p>
      <ul className="plain-list">
        {notices.map((n) => (
          <li key={n.id}>
            {FIELD_NAMES[n.field ?? ''] ?? humanise(n.field)}
            {n.targetLabel ? ` for ${n.targetLabel}` : ''}: <del>{n.oldValue}</del> →{' '}
            <ins>{n.proposedValue}</ins>{' '}
            <span className="muted">
              (proposed by {n.proposedBy}, accepted by {n.decidedBy}, {formatDateTime(n.decidedAt)})
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
