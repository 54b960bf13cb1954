import { useLazyQuery, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Page } from '../../components/page';
import { FormField, Loading, Notice, Tag } from '../../components/ui';
import { graphql } from '../../generated';
import { formatDateTime, formatNhsNumber, normaliseNhsNumber, ROLE_NAMES } from '../../lib/format';
import { errorsOf, ErrorList } from '../../lib/governed';

const SEARCH = graphql(`
  query AuditSearch(
    $nhsNumber: NhsNumber
    $user: String
    $from: String
    $to: String
    $outcome: String
    $breakGlassOnly: Boolean
    $first: Int
    $after: String
  ) {
    auditSearch(
      nhsNumber: $nhsNumber
      user: $user
      from: $from
      to: $to
      outcome: $outcome
      breakGlassOnly: $breakGlassOnly
      first: $first
      after: $after
    ) {
      nextCursor
      records {
        seq
        at
        user
        role
        org
        purpose
        breakGlass
        kind
        operationName
        outcome
        persons
        note
        hash
        access {
          nhsNumber
          allowed
          denied
        }
      }
    }
  }
`);

const VERIFY = graphql(`
  query VerifyAudit {
    verifyAudit {
      ok
      checked
      firstBrokenSeq
      reason
    }
  }
`);

interface Filters {
  nhsNumber: string;
  user: string;
  from: string;
  to: string;
  outcome: string;
  breakGlassOnly: boolean;
}

const EMPTY: Filters = { nhsNumber: '', user: '', from: '', to: '', outcome: '', breakGlassOnly: false };
const OUTCOME_TONE: Record<string, 'green' | 'yellow' | 'red' | 'grey'> = {
  allowed: 'green',
  partial: 'yellow',
  denied: 'red',
  error: 'red',
  locked: 'red',
};
const PAGE = 25;

function VerifyButton() {
  const [verify, { data, loading, error, called }] = useLazyQuery(VERIFY);
  const v = data?.verifyAudit;
  return (
    <div className="verify">
      <button
        type="button"
        className="button button-secondary"
        onClick={() => void verify()}
        disabled={loading}
      >
        {loading ? 'Checking the chain…' : 'Verify the audit chain'}
      </button>
      <ErrorList errors={errorsOf(error)} />
      {called && v && (
        <Notice tone={v.ok ? 'success' : 'warning'}>
          {v.ok
            ? `The chain holds: ${v.checked} records checked, none changed or removed.`
            : `The chain is broken at record ${v.firstBrokenSeq}: ${v.reason}. Records from there on cannot be trusted.`}
        </Notice>
      )}
    </div>
  );
}

/** The audit trail: who saw whose record, which fields, and the outcome; searchable and paged. */
export function AuditPage() {
  const [form, setForm] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [nhsError, setNhsError] = useState<string | null>(null);
  const after = cursors[cursors.length - 1];
  const nhs = applied.nhsNumber ? normaliseNhsNumber(applied.nhsNumber) : null;
  const { data, error, loading } = useQuery(SEARCH, {
    variables: {
      nhsNumber: nhs,
      user: applied.user.trim() || null,
      from: applied.from ? new Date(`${applied.from}T00:00:00`).toISOString() : null,
      to: applied.to ? new Date(`${applied.to}T23:59:59.999`).toISOString() : null,
      outcome: applied.outcome || null,
      breakGlassOnly: applied.breakGlassOnly || null,
      first: PAGE,
      after,
    },
  });
  const errors = errorsOf(error);
  const page = data?.auditSearch;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (form.nhsNumber && !normaliseNhsNumber(form.nhsNumber)) {
      setNhsError('Enter a valid NHS number, or leave it empty');
      return;
    }
    setNhsError(null);
    setApplied(form);
    setCursors([null]);
  }
  const set =
    <K extends keyof Filters>(k: K) =>
    (v: Filters[K]) =>
      setForm((f) => ({ ...f, [k]: v }));

  return (
    <Page title="Audit trail" caption="Information governance" actions={<VerifyButton />}>
      <form
        onSubmit={submit}
        noValidate
        className="card filters-card"
        role="search"
        aria-label="Search the audit trail"
      >
        <div className="form-row">
          <FormField label="NHS number" error={nhsError}>
            {(p) => (
              <input
                {...p}
                className="input-medium"
                value={form.nhsNumber}
                onChange={(e) => set('nhsNumber')(e.target.value)}
              />
            )}
          </FormField>
          <FormField label="User name">
            {(p) => (
              <input
                {...p}
                className="input-medium"
                value={form.user}
                onChange={(e) => set('user')(e.target.value)}
              />
            )}
          </FormField>
          <FormField label="From">
            {(p) => (
              <input {...p} type="date" value={form.from} onChange={(e) => set('from')(e.target.value)} />
            )}
          </FormField>
          <FormField label="To">
            {(p) => <input {...p} type="date" value={form.to} onChange={(e) => set('to')(e.target.value)} />}
          </FormField>
          <FormField label="Outcome">
            {(p) => (
              <select {...p} value={form.outcome} onChange={(e) => set('outcome')(e.target.value)}>
                <option value="">Any</option>
                {Object.keys(OUTCOME_TONE).map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <div className="form-group checkbox">
            <label>
              <input
                type="checkbox"
                checked={form.breakGlassOnly}
                onChange={(e) => set('breakGlassOnly')(e.target.checked)}
              />{' '}
              Break-glass only
            </label>
          </div>
        </div>
        <button type="submit" className="button">
          Search
        </button>{' '}
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setForm(EMPTY);
            setApplied(EMPTY);
            setCursors([null]);
          }}
        >
          Clear
        </button>
      </form>
      <ErrorList errors={errors} />
      {loading && !page ? (
        <Loading what="Searching" />
      ) : (
        <>
          <table className="table table-compact" data-testid="audit-results">
            <caption className="visually-hidden">Audit records, newest first</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">People</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {(page?.records ?? []).map((r) => (
                <tr key={r.seq}>
                  <td>{r.seq}</td>
                  <td>{formatDateTime(r.at)}</td>
                  <td>
                    {r.user}
                    <br />
                    <span className="muted">
                      {ROLE_NAMES[r.role ?? ''] ?? r.role}
                      {r.org ? `, ${r.org}` : ''}
                    </span>
                  </td>
                  <td>
                    {r.kind}
                    {r.operationName ? ` · ${r.operationName}` : ''}
                    {r.breakGlass && (
                      <>
                        {' '}
                        <Tag tone="red">Break-glass</Tag>
                      </>
                    )}
                    {r.note && <div className="muted">{r.note}</div>}
                  </td>
                  <td>
                    {(r.access ?? []).length > 0 ? (
                      <details>
                        <summary>{(r.persons ?? []).map((p) => formatNhsNumber(p)).join(', ')}</summary>
                        {(r.access ?? []).map((a) => (
                          <div key={a.nhsNumber} className="access-detail">
                            <strong>{formatNhsNumber(a.nhsNumber)}</strong>
                            <div>Returned: {(a.allowed ?? []).join(', ') || 'nothing'}</div>
                            <div>Withheld: {(a.denied ?? []).join(', ') || 'nothing'}</div>
                          </div>
                        ))}
                      </details>
                    ) : (
                      (r.persons ?? []).map((p) => formatNhsNumber(p)).join(', ')
                    )}
                  </td>
                  <td>
                    <Tag tone={OUTCOME_TONE[r.outcome ?? ''] ?? 'grey'}>{r.outcome}</Tag>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {(page?.records ?? []).length === 0 && <p>No audit records match.</p>}
          <nav className="pager" aria-label="Audit pages">
            <button
              type="button"
              className="button button-secondary"
              disabled={cursors.length <= 1}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Newer
            </button>
            <span className="muted">Page {cursors.length}</span>
            <button
              type="button"
              className="button button-secondary"
              disabled={!page?.nextCursor}
              onClick={() => setCursors((c) => [...c, page?.nextCursor ?? null])}
            >
              Older
            </button>
          </nav>
        </>
      )}
    </Page>
  );
}
