import { useState, type FormEvent } from 'react';
import { Page } from '../../components/page';
import { FormField, Notice, Section } from '../../components/ui';
import { graphql } from '../../generated';
import type { Role } from '../../generated/graphql';
import { useAction } from '../../lib/actions';
import { normaliseNhsNumber, ROLE_NAMES } from '../../lib/format';
import { DENY_TEXT, ErrorList, type DenyReason } from '../../lib/governed';
import { policyDraft, usePolicyDraft } from '../../lib/policy-draft';
import { Link } from '../../lib/router';

const PREVIEW = graphql(`
  mutation PreviewAs(
    $role: Role!
    $org: String!
    $query: String!
    $variables: String
    $changes: [CellChangeInput!]
  ) {
    previewAs(role: $role, org: $org, query: $query, variables: $variables, changes: $changes) {
      data
      denied {
        path
        reason
        message
      }
      errors
    }
  }
`);

const ROLES: { role: Role; org: string }[] = [
  { role: 'gp', org: 'E85001' },
  { role: 'ae_clinician', org: 'RYJ' },
  { role: 'cp_nurse', org: 'RYJ' },
  { role: 'social_worker', org: 'E09000013' },
  { role: 'financial_officer', org: 'E09000013' },
  { role: 'housing_officer', org: 'E09000013' },
  { role: 'ig_admin', org: 'NWL-ICS' },
  { role: 'manager', org: 'E09000013' },
];

/** Ready-made questions an IG admin asks of a person's record; any query can be typed instead. */
const PRESETS: { label: string; query: string }[] = [
  {
    label: 'Social care summary',
    query: `query Preview($nhs: NhsNumber!) {
  person(nhsNumber: $nhs) {
    socialCare {
      caseStatus
      allocatedWorker { name phone }
      currentCarePackage { kind description }
      childProtection { onPlan lookedAfter contact { name phone } }
      caseNotes { text }
    }
  }
}`,
  },
  {
    label: 'Health record and flags',
    query: `query Preview($nhs: NhsNumber!) {
  person(nhsNumber: $nhs) {
    health { conditions { display } medications { display } encounters { kind start reason } }
    healthFlags { fallsRisk dementia currentAdmission { hospital delayedDays } }
  }
}`,
  },
  {
    label: 'Council and income statement',
    query: `query Preview($nhs: NhsNumber!) {
  person(nhsNumber: $nhs) {
    council { councilId housing { tenure } housingBenefit { weeklyAward incomeStatement { totalWeekly } } }
  }
}`,
  },
  {
    label: 'Whole record',
    query: `query Preview($nhs: NhsNumber!) {
  person(nhsNumber: $nhs) {
    demographics { givenName familyName dateOfBirth }
    knownTo
    consents { flow state }
    socialCare { caseStatus allocatedWorker { name phone } caseNotes { text } }
    health { conditions { display } medications { display } }
    healthFlags { fallsRisk dementia }
    council { councilId housingBenefit { incomeStatement { totalWeekly } } }
  }
}`,
  },
];

/** Run a query as another role and organisation against the draft policy, before publishing it. */
export function PreviewPage() {
  const draft = usePolicyDraft();
  const [role, setRole] = useState<Role>('gp');
  const [org, setOrg] = useState('E85001');
  const [nhs, setNhs] = useState('');
  const [preset, setPreset] = useState(0);
  const [query, setQuery] = useState(PRESETS[0].query);
  const [useDraft, setUseDraft] = useState(true);
  const [nhsError, setNhsError] = useState<string | null>(null);
  const action = useAction(PREVIEW);
  const [result, setResult] = useState<
    NonNullable<Awaited<ReturnType<typeof action.run>>>['previewAs'] | null
  >(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const needsPerson = query.includes('$nhs');
    const n = normaliseNhsNumber(nhs);
    if (needsPerson && !n) {
      setNhsError('Enter the NHS number of the person to preview');
      return;
    }
    setNhsError(null);
    const r = await action.run({
      role,
      org: org.trim(),
      query,
      variables: needsPerson ? JSON.stringify({ nhs: n }) : null,
      changes: useDraft && draft.size > 0 ? policyDraft.changes() : null,
    });
    setResult(r?.previewAs ?? null);
  }

  let pretty = result?.data ?? null;
  try {
    if (pretty) pretty = JSON.stringify(JSON.parse(pretty), null, 2);
  } catch {
    // shown as received
  }

  return (
    <Page title="Preview as a role" caption="Information governance">
      <p>
        See what a role would receive and what would be withheld, under the published policy
        {draft.size > 0 ? ' plus your unpublished changes' : ''}. Nothing is published and no one is notified.
      </p>
      {draft.size > 0 && (
        <Notice>
          You have {draft.size} unpublished change{draft.size === 1 ? '' : 's'} in the{' '}
          <Link to="/admin/policy">permission matrix</Link>.
        </Notice>
      )}
      <form onSubmit={submit} noValidate className="card">
        <div className="form-row">
          <FormField label="Role">
            {(p) => (
              <select
                {...p}
                value={role}
                onChange={(e) => {
                  const r = e.target.value as Role;
                  setRole(r);
                  setOrg(ROLES.find((x) => x.role === r)?.org ?? '');
                }}
              >
                {ROLES.map((r) => (
                  <option key={r.role} value={r.role}>
                    {ROLE_NAMES[r.role]}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label="Organisation code" hint="GP practice, hospital, borough or council">
            {(p) => (
              <input {...p} className="input-medium" value={org} onChange={(e) => setOrg(e.target.value)} />
            )}
          </FormField>
          <FormField label="NHS number of the person" error={nhsError}>
            {(p) => (
              <input
                {...p}
                className="input-medium"
                inputMode="numeric"
                value={nhs}
                onChange={(e) => setNhs(e.target.value)}
              />
            )}
          </FormField>
        </div>
        <FormField label="What to ask">
          {(p) => (
            <select
              {...p}
              value={preset}
              onChange={(e) => {
                const i = Number(e.target.value);
                setPreset(i);
                if (i >= 0) setQuery(PRESETS[i].query);
              }}
            >
              {PRESETS.map((x, i) => (
                <option key={x.label} value={i}>
                  {x.label}
                </option>
              ))}
              <option value={-1}>My own query</option>
            </select>
          )}
        </FormField>
        <FormField label="Query" hint="GraphQL; use $nhs for the person">
          {(p) => (
            <textarea
              {...p}
              className="code-input"
              rows={10}
              spellCheck={false}
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setPreset(-1);
              }}
            />
          )}
        </FormField>
        {draft.size > 0 && (
          <div className="form-group checkbox">
            <label>
              <input type="checkbox" checked={useDraft} onChange={(e) => setUseDraft(e.target.checked)} />{' '}
              Apply my {draft.size} unpublished change{draft.size === 1 ? '' : 's'}
            </label>
          </div>
        )}
        <button type="submit" className="button" disabled={action.loading}>
          {action.loading ? 'Running…' : 'Preview'}
        </button>
      </form>
      <ErrorList errors={action.errors} title="The preview did not run" />
      {result && (
        <div className="preview-result" data-testid="preview-result">
          <Section title={`Withheld from ${ROLE_NAMES[role]} (${result.denied?.length ?? 0})`}>
            {(result.denied?.length ?? 0) === 0 ? (
              <p>Nothing withheld.</p>
            ) : (
              <table className="table table-compact">
                <caption className="visually-hidden">Withheld fields</caption>
                <thead>
                  <tr>
                    <th scope="col">Where</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {result.denied?.map((d, i) => (
                    <tr key={i}>
                      <td>
                        <code>{d.path}</code>
                      </td>
                      <td>
                        <span className="denied">{DENY_TEXT[d.reason as DenyReason] ?? d.reason}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {(result.errors?.length ?? 0) > 0 && (
              <ul className="plain-list">
                {result.errors?.map((m, i) => (
                  <li key={i} className="field-error">
                    {m}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="What they would receive">
            <pre className="json">{pretty ?? 'null'}</pre>
          </Section>
        </div>
      )}
    </Page>
  );
}
