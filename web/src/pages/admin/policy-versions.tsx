import { useLazyQuery, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Page } from '../../components/page';
import { FormField, Loading, Notice, Section, Tag } from '../../components/ui';
import { graphql } from '../../generated';
import type { PolicyVersionsQuery } from '../../generated/graphql';
import { useAction } from '../../lib/actions';
import { formatDateTime } from '../../lib/format';
import { errorsOf, ErrorList } from '../../lib/governed';
import { ChangesTable } from './changes-table';

const VERSIONS = graphql(`
  query PolicyVersions {
    policyVersions {
      version
      createdBy
      createdAt
      comment
      basedOn
      rollbackOf
      changes {
        coordinate
        role
        fromAccess
        toAccess
        fromConsent
        toConsent
      }
    }
  }
`);

const DIFF = graphql(`
  query PolicyDiff($from: Int!, $to: Int!) {
    policyDiff(from: $from, to: $to) {
      coordinate
      role
      fromAccess
      toAccess
      fromConsent
      toConsent
    }
  }
`);

const ROLLBACK = graphql(`
  mutation RollbackPolicy($toVersion: Int!, $baseVersion: Int!, $comment: String!) {
    rollbackPolicy(toVersion: $toVersion, baseVersion: $baseVersion, comment: $comment) {
      version
    }
  }
`);

type Version = NonNullable<PolicyVersionsQuery['policyVersions']>[number];

function Rollback({
  version,
  current,
  onDone,
}: {
  version: number;
  current: number;
  onDone: (m: string) => void;
}) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const action = useAction(ROLLBACK);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!comment.trim()) {
      setError('Say why you are rolling back');
      return;
    }
    setError(null);
    const r = await action.run({ toVersion: version, baseVersion: current, comment: comment.trim() });
    if (r?.rollbackPolicy)
      onDone(`Version ${r.rollbackPolicy.version} published: it restores version ${version}.`);
  }
  const conflict = action.errors.some((e) => e.extensions?.code === 'CONFLICT');
  return (
    <form onSubmit={submit} noValidate className="inline-form" aria-label={`Roll back to version ${version}`}>
      {conflict ? (
        <div className="error-summary" role="alert">
          <h2 className="error-summary-title">The policy changed meanwhile</h2>
          <p>
            Another version was published since this list loaded. Refresh the list and check before rolling
            back.
          </p>
        </div>
      ) : (
        <ErrorList errors={action.errors} title="Not rolled back" />
      )}
      <FormField label={`Why roll back to version ${version}?`} error={error}>
        {(p) => (
          <input {...p} className="input-wide" value={comment} onChange={(e) => setComment(e.target.value)} />
        )}
      </FormField>
      <button type="submit" className="button button-warning" disabled={action.loading}>
        Roll back to version {version}
      </button>
    </form>
  );
}

function VersionItem({ v, current, onDone }: { v: Version; current: number; onDone: (m: string) => void }) {
  return (
    <li className="card version" data-version={v.version ?? ''}>
      <div className="card-head">
        <h2>
          Version {v.version} {v.version === current && <Tag tone="green">Current</Tag>}
          {v.rollbackOf != null && <Tag tone="purple">Restores version {v.rollbackOf}</Tag>}
        </h2>
        <span className="muted">
          {formatDateTime(v.createdAt)} by {v.createdBy}
        </span>
      </div>
      <p>{v.comment}</p>
      {(v.changes?.length ?? 0) > 0 && (
        <details>
          <summary>
            {v.changes?.length} changed cell{v.changes?.length === 1 ? '' : 's'} against version {v.basedOn}
          </summary>
          <ChangesTable changes={v.changes ?? []} caption={`Changes in version ${v.version}`} />
        </details>
      )}
      {v.version !== current && v.version != null && (
        <details>
          <summary>Roll back to this version</summary>
          <Rollback version={v.version} current={current} onDone={onDone} />
        </details>
      )}
    </li>
  );
}

/** Published policy versions with who, when and why; a diff between any two; rollback. */
export function PolicyVersionsPage() {
  const { data, error, loading, refetch } = useQuery(VERSIONS);
  const errors = errorsOf(error);
  const [message, setMessage] = useState<string | null>(null);
  const versions = data?.policyVersions ?? [];
  const current = versions[0]?.version ?? 0;
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, diffResult] = useLazyQuery(DIFF);
  const diffErrors = errorsOf(diffResult.error);

  const onDone = (m: string) => {
    setMessage(m);
    void refetch();
  };

  return (
    <Page title="Policy versions" caption="Information governance">
      <ErrorList errors={errors} />
      {message && <Notice tone="success">{message}</Notice>}
      <Section title="Compare two versions">
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (from && to) void diff({ variables: { from: Number(from), to: Number(to) } });
          }}
        >
          <FormField label="From version">
            {(p) => (
              <select {...p} value={from} onChange={(e) => setFrom(e.target.value)}>
                <option value="">Choose</option>
                {versions.map((v) => (
                  <option key={v.version} value={v.version ?? ''}>
                    {v.version}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label="To version">
            {(p) => (
              <select {...p} value={to} onChange={(e) => setTo(e.target.value)}>
                <option value="">Choose</option>
                {versions.map((v) => (
                  <option key={v.version} value={v.version ?? ''}>
                    {v.version}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <button type="submit" className="button button-secondary" disabled={!from || !to}>
            Compare
          </button>
        </form>
        <ErrorList errors={diffErrors} />
        {diffResult.data?.policyDiff && (
          <ChangesTable
            changes={diffResult.data.policyDiff}
            caption={`Differences from version ${from} to ${to}`}
          />
        )}
      </Section>
      {loading && !data ? (
        <Loading />
      ) : (
        <ol className="versions">
          {versions.map((v) => (
            <VersionItem key={v.version} v={v} current={current} onDone={onDone} />
          ))}
        </ol>
      )}
    </Page>
  );
}
