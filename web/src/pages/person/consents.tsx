import { useState, type FormEvent } from 'react';
import { FormField, Notice, Section, Tag } from '../../components/ui';
import { graphql } from '../../generated';
import type { ConsentFlow, ConsentMethod } from '../../generated/graphql';
import { useAction } from '../../lib/actions';
import { FLOW_NAMES, formatDate, formatDateTime, humanise } from '../../lib/format';
import { DeniedBadge, ErrorList, Governed, useDenial } from '../../lib/governed';
import type { PersonData } from './query';

const RECORD = graphql(`
  mutation RecordConsent(
    $nhs: NhsNumber!
    $flow: ConsentFlow!
    $method: ConsentMethod!
    $agreed: Boolean
    $note: String
  ) {
    recordConsent(nhsNumber: $nhs, flow: $flow, method: $method, agreed: $agreed, note: $note) {
      id
      state
      confirmBy
    }
  }
`);

const CONFIRM = graphql(`
  mutation ConfirmConsent($id: ID!, $note: String) {
    confirmConsent(id: $id, note: $note) {
      id
      state
    }
  }
`);

const WITHDRAW = graphql(`
  mutation WithdrawConsent($id: ID!, $note: String) {
    withdrawConsent(id: $id, note: $note) {
      id
      state
    }
  }
`);

const FLOWS: ConsentFlow[] = [
  'social_care_to_health',
  'health_to_social_care',
  'council_benefit_to_social_care',
];
const METHODS: { value: ConsentMethod; label: string }[] = [
  { value: 'GP_COLLECTED', label: "Collected by the GP on social services' behalf (paper form to follow)" },
  { value: 'PAPER_FORM', label: 'Signed paper form' },
  { value: 'VERBAL', label: 'Given verbally' },
  { value: 'ELECTRONIC', label: 'Given electronically' },
];

/** Health staff collect consent to see social care on social services' behalf: the gateway takes no other method. */
const HEALTH_ROLES = ['gp', 'ae_clinician', 'cp_nurse'];
const gpCollectedOnly = (role: string, flow: ConsentFlow, agreed: boolean) =>
  agreed && flow === 'social_care_to_health' && HEALTH_ROLES.includes(role);
const methodsFor = (role: string, flow: ConsentFlow, agreed: boolean) =>
  gpCollectedOnly(role, flow, agreed) ? METHODS.filter((m) => m.value === 'GP_COLLECTED') : METHODS;

const STATE_TONE: Record<string, 'green' | 'yellow' | 'red' | 'grey'> = {
  active: 'green',
  pending: 'yellow',
  withdrawn: 'red',
  refused: 'red',
  lapsed: 'grey',
};

export function ConsentState({ state }: { state: string | null }) {
  return <Tag tone={STATE_TONE[state ?? ''] ?? 'grey'}>{humanise(state) || 'Unknown'}</Tag>;
}

function RecordConsentForm({ nhs, role, onDone }: { nhs: string; role: string; onDone: () => void }) {
  const [flow, setFlow] = useState<ConsentFlow>(
    role === 'gp' ? 'social_care_to_health' : 'health_to_social_care',
  );
  const [method, setMethod] = useState<ConsentMethod>(
    HEALTH_ROLES.includes(role) ? 'GP_COLLECTED' : 'PAPER_FORM',
  );
  const [agreed, setAgreed] = useState(true);
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(RECORD);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const r = await action.run({ nhs, flow, method, agreed, note: note.trim() || null });
    if (r?.recordConsent) {
      const c = r.recordConsent;
      setDone(
        c.state === 'pending'
          ? `Consent recorded as pending: social services must confirm the form by ${formatDate(c.confirmBy)}.`
          : `Consent recorded (${humanise(c.state)}).`,
      );
      setNote('');
      onDone();
    }
  }

  return (
    <form onSubmit={submit} className="subform" aria-label="Record consent">
      <h3>Record consent</h3>
      {done && <Notice tone="success">{done}</Notice>}
      <ErrorList errors={action.errors} title="Consent was not recorded" />
      <FormField label="Data flow">
        {(p) => (
          <select
            {...p}
            value={flow}
            onChange={(e) => {
              const next = e.target.value as ConsentFlow;
              setFlow(next);
              if (gpCollectedOnly(role, next, agreed)) setMethod('GP_COLLECTED');
            }}
          >
            {FLOWS.map((f) => (
              <option key={f} value={f}>
                {FLOW_NAMES[f]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField label="How it was collected">
        {(p) => (
          <select {...p} value={method} onChange={(e) => setMethod(e.target.value as ConsentMethod)}>
            {methodsFor(role, flow, agreed).map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <fieldset className="fieldset">
        <legend>Did the person agree?</legend>
        <div className="radios-inline">
          <label>
            <input
              type="radio"
              name="agreed"
              checked={agreed}
              onChange={() => {
                setAgreed(true);
                if (gpCollectedOnly(role, flow, true)) setMethod('GP_COLLECTED');
              }}
            />{' '}
            Yes, they agreed
          </label>
          <label>
            <input type="radio" name="agreed" checked={!agreed} onChange={() => setAgreed(false)} /> No, they
            refused
          </label>
        </div>
      </fieldset>
      <FormField label="Note (optional)">
        {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
      </FormField>
      <button type="submit" className="button" disabled={action.loading}>
        Record consent
      </button>
    </form>
  );
}

function ConsentActions({
  consent,
  role,
  onDone,
}: {
  consent: NonNullable<PersonData['consents']>[number];
  role: string;
  onDone: () => void;
}) {
  const confirm = useAction(CONFIRM);
  const withdraw = useAction(WITHDRAW);
  const [asking, setAsking] = useState(false);
  const canConfirm = ['social_worker', 'financial_officer'].includes(role) && consent.state === 'pending';
  const canWithdraw =
    ['gp', 'social_worker', 'financial_officer'].includes(role) &&
    (consent.state === 'active' || consent.state === 'pending');
  if (!consent.id || (!canConfirm && !canWithdraw)) return null;
  const id = consent.id;
  const flow = FLOW_NAMES[consent.flow ?? ''] ?? consent.flow;
  return (
    <>
      {canConfirm && (
        <button
          type="button"
          className="button button-small"
          disabled={confirm.loading}
          onClick={async () => (await confirm.run({ id, note: 'Paper form received' })) && onDone()}
        >
          Confirm form received<span className="visually-hidden"> for {flow}</span>
        </button>
      )}{' '}
      {canWithdraw &&
        (asking ? (
          <span className="confirm-inline" role="group" aria-label={`Withdraw consent for ${flow}`}>
            Withdraw now? It takes effect at once.{' '}
            <button
              type="button"
              className="button button-small button-warning"
              disabled={withdraw.loading}
              onClick={async () => {
                if (await withdraw.run({ id, note: 'Withdrawn at the person’s request' })) onDone();
                setAsking(false);
              }}
            >
              Yes, withdraw
            </button>{' '}
            <button
              type="button"
              className="button button-small button-secondary"
              onClick={() => setAsking(false)}
            >
              Cancel
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => setAsking(true)}
          >
            Withdraw<span className="visually-hidden"> consent for {flow}</span>
          </button>
        ))}
      <ErrorList errors={[...confirm.errors, ...withdraw.errors]} title="Not changed" />
    </>
  );
}

/** Consent per data flow: state, who recorded it and how, deadlines; record, confirm, withdraw. */
export function ConsentSection({
  person,
  role,
  onChanged,
}: {
  person: PersonData;
  role: string;
  onChanged: () => void;
}) {
  const path = ['person', 'consents'];
  const denial = useDenial(path);
  const canRecord = ['gp', 'social_worker', 'financial_officer'].includes(role);
  // A flow can have several consents over time (withdrawn, then given again): show the latest.
  const byFlow = new Map(
    [...(person.consents ?? [])]
      .sort((a, b) => (a.recordedAt ?? '').localeCompare(b.recordedAt ?? ''))
      .map((c) => [c.flow, c]),
  );
  return (
    <Section title="Consent" id="consent">
      {denial ? (
        <p>
          <DeniedBadge denial={denial} />
        </p>
      ) : (
        <Governed path={path} value={person.consents ?? []} empty="No consent recorded for any data flow">
          {() => (
            <table className="table" data-testid="consents">
              <caption className="visually-hidden">Consent per data flow</caption>
              <thead>
                <tr>
                  <th scope="col">Data flow</th>
                  <th scope="col">State</th>
                  <th scope="col">Recorded</th>
                  <th scope="col">Deadline</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {FLOWS.map((flow) => {
                  const c = byFlow.get(flow);
                  return (
                    <tr key={flow} data-flow={flow}>
                      <th scope="row">{FLOW_NAMES[flow]}</th>
                      <td>
                        {c ? <ConsentState state={c.state} /> : <span className="muted">None recorded</span>}
                      </td>
                      <td>
                        {c && (
                          <>
                            {humanise(c.method)} by {c.recordedBy}
                            {c.recordedByOrg ? ` (${c.recordedByOrg})` : ''}, {formatDateTime(c.recordedAt)}
                          </>
                        )}
                      </td>
                      <td>
                        {c?.state === 'pending' && c.confirmBy && (
                          <>Confirm form by {formatDate(c.confirmBy)}</>
                        )}
                        {c?.expiresAt && c.state === 'active' && <>Expires {formatDate(c.expiresAt)}</>}
                      </td>
                      <td>{c && <ConsentActions consent={c} role={role} onDone={onChanged} />}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </Governed>
      )}
      {canRecord && <RecordConsentForm nhs={person.nhsNumber} role={role} onDone={onChanged} />}
    </Section>
  );
}
