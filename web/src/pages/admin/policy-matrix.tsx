import { useQuery } from '@apollo/client/react';
import { memo, useDeferredValue, useMemo, useState, type FormEvent } from 'react';
import { Page } from '../../components/page';
import { FormField, Loading, Notice } from '../../components/ui';
import { graphql } from '../../generated';
import type { Access, ConsentFlow, PolicyMatrixQuery } from '../../generated/graphql';
import { useAction } from '../../lib/actions';
import { FLOW_NAMES, ROLE_NAMES } from '../../lib/format';
import { errorsOf, ErrorList, type GqlError } from '../../lib/governed';
import { cellKey, policyDraft, usePolicyDraft, type DraftCell } from '../../lib/policy-draft';
import { Link } from '../../lib/router';

const MATRIX = graphql(`
  query PolicyMatrix {
    policyMatrix {
      version
      roles
      types {
        name
        description
        fields {
          coordinate
          field
          description
          notifyOnUnscheduledView
          cells {
            role
            access
            consent
          }
        }
      }
    }
  }
`);

const PUBLISH = graphql(`
  mutation PublishPolicy($baseVersion: Int!, $changes: [CellChangeInput!]!, $comment: String!) {
    publishPolicy(baseVersion: $baseVersion, changes: $changes, comment: $comment) {
      version
      createdAt
      comment
    }
  }
`);

type Matrix = NonNullable<PolicyMatrixQuery['policyMatrix']>;
type MatrixType = NonNullable<Matrix['types']>[number];
type MatrixField = NonNullable<MatrixType['fields']>[number];

const ACCESS: { value: Access; label: string }[] = [
  { value: 'deny', label: 'Deny' },
  { value: 'related', label: 'Related' },
  { value: 'any', label: 'Any' },
  { value: 'break_glass', label: 'Break-glass' },
];
const FLOWS: ConsentFlow[] = [
  'social_care_to_health',
  'health_to_social_care',
  'council_benefit_to_social_care',
];
const SHORT_FLOW: Record<string, string> = {
  social_care_to_health: 'SC→health',
  health_to_social_care: 'Health→SC',
  council_benefit_to_social_care: 'Council→SC',
};

interface CellProps {
  coordinate: string;
  role: string;
  published: DraftCell;
  draft: DraftCell | undefined;
}

/** One role's access to one field: access level plus an optional consent flow. */
const Cell = memo(function Cell({ coordinate, role, published, draft }: CellProps) {
  const value = draft ?? published;
  const changed = draft !== undefined;
  const who = ROLE_NAMES[role] ?? role;
  return (
    <td
      className={`cell cell-${value.access}${changed ? ' cell-changed' : ''}`}
      data-cell={cellKey(coordinate, role)}
    >
      <select
        aria-label={`${coordinate}, ${who}: access`}
        value={value.access}
        onChange={(e) => {
          const access = e.target.value as Access;
          policyDraft.set(
            coordinate,
            role,
            { access, consent: access === 'deny' ? null : value.consent },
            published,
          );
        }}
      >
        {ACCESS.map((a) => (
          <option key={a.value} value={a.value}>
            {a.label}
          </option>
        ))}
      </select>
      {value.access !== 'deny' && (
        <select
          aria-label={`${coordinate}, ${who}: consent needed`}
          className="consent-select"
          value={value.consent ?? ''}
          onChange={(e) =>
            policyDraft.set(
              coordinate,
              role,
              { ...value, consent: (e.target.value || null) as ConsentFlow | null },
              published,
            )
          }
        >
          <option value="">No consent</option>
          {FLOWS.map((f) => (
            <option key={f} value={f} title={FLOW_NAMES[f]}>
              {SHORT_FLOW[f]}
            </option>
          ))}
        </select>
      )}
      {changed && <span className="visually-hidden"> (changed, was {published.access})</span>}
    </td>
  );
});

function FieldRow({
  f,
  roles,
  draft,
}: {
  f: MatrixField;
  roles: string[];
  draft: ReadonlyMap<string, DraftCell>;
}) {
  const cells = new Map((f.cells ?? []).map((c) => [c.role ?? '', c]));
  return (
    <tr>
      <th scope="row" className="field-name">
        <code>{f.field}</code>
        {f.notifyOnUnscheduledView && (
          <span
            className="tag tag-red tag-small"
            title="Viewing it from unscheduled care notifies social care"
          >
            CP-IS
          </span>
        )}
        {f.description && <span className="field-desc">{f.description}</span>}
      </th>
      {roles.map((r) => {
        const c = cells.get(r);
        const published: DraftCell = { access: c?.access ?? 'deny', consent: c?.consent ?? null };
        return (
          <Cell
            key={r}
            coordinate={f.coordinate ?? ''}
            role={r}
            published={published}
            draft={draft.get(cellKey(f.coordinate ?? '', r))}
          />
        );
      })}
    </tr>
  );
}

function TypeBlock({
  t,
  fields,
  roles,
  draft,
  open,
  onToggle,
}: {
  t: MatrixType;
  fields: MatrixField[];
  roles: string[];
  draft: ReadonlyMap<string, DraftCell>;
  open: boolean;
  onToggle: (open: boolean) => void;
}) {
  const changed = fields.filter((f) => roles.some((r) => draft.has(cellKey(f.coordinate ?? '', r)))).length;
  return (
    <details
      className="type-block"
      open={open}
      onToggle={(e) => onToggle((e.currentTarget as HTMLDetailsElement).open)}
      data-type={t.name}
    >
      <summary>
        <span className="type-name">{t.name}</span>{' '}
        <span className="muted">
          {fields.length} field{fields.length === 1 ? '' : 's'}
        </span>
        {changed > 0 && <span className="tag tag-yellow tag-small">{changed} changed</span>}
        {t.description && <span className="type-desc">{t.description}</span>}
      </summary>
      {open && (
        <div className="matrix-scroll">
          <table className="matrix">
            <caption className="visually-hidden">Access to the fields of {t.name} by role</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                {roles.map((r) => (
                  <th scope="col" key={r}>
                    {ROLE_NAMES[r] ?? r}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => (
                <FieldRow key={f.coordinate} f={f} roles={roles} draft={draft} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

function conflictOf(errors: readonly GqlError[]): number | null {
  const e = errors.find((x) => x.extensions?.code === 'CONFLICT');
  if (!e) return null;
  return typeof e.extensions?.currentVersion === 'number' ? e.extensions.currentVersion : -1;
}

/** The field-by-role permission matrix: edit cells, see what changed, publish with a comment. */
export function PolicyMatrixPage() {
  const { data, error, loading, refetch } = useQuery(MATRIX, { notifyOnNetworkStatusChange: true });
  const errors = errorsOf(error);
  const draft = usePolicyDraft();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim().toLowerCase());
  const [changedOnly, setChangedOnly] = useState(false);
  const [opened, setOpened] = useState<Set<string>>(() => new Set());
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [published, setPublished] = useState<string | null>(null);
  const publish = useAction(PUBLISH);
  const matrix = data?.policyMatrix;
  const roles = (matrix?.roles ?? []).filter((r): r is NonNullable<typeof r> => !!r);

  const visible = useMemo(() => {
    const named = (name: string | null) => !!q && (name ?? '').toLowerCase().includes(q);
    const types = matrix?.types ?? [];
    return (
      types
        .map((t) => ({
          t,
          fields: (t.fields ?? []).filter((f) => {
            const coord = f.coordinate ?? '';
            if (changedOnly && !roles.some((r) => draft.has(cellKey(coord, r)))) return false;
            if (!q) return true;
            return (
              coord.toLowerCase().includes(q) ||
              (f.description ?? '').toLowerCase().includes(q) ||
              (t.name ?? '').toLowerCase() === q
            );
          }),
        }))
        .filter(({ fields }) => fields.length > 0)
        // Types named like the search come before types that only mention it in a description.
        .sort((a, b) => Number(!named(a.t.name)) - Number(!named(b.t.name)))
    );
  }, [matrix, q, changedOnly, draft, roles]);

  const conflict = conflictOf(publish.errors);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!matrix?.version) return;
    if (!comment.trim()) {
      setCommentError('Say why you are changing the policy');
      return;
    }
    setCommentError(null);
    const r = await publish.run({
      baseVersion: matrix.version,
      changes: policyDraft.changes(),
      comment: comment.trim(),
    });
    if (r?.publishPolicy) {
      setPublished(
        `Published version ${r.publishPolicy.version}. It applies to every service within seconds.`,
      );
      policyDraft.clear();
      setComment('');
      void refetch();
    }
  }

  if (loading && !matrix)
    return (
      <Page title="Permissions">
        <Loading what="Loading the permission matrix" />
      </Page>
    );

  return (
    <Page
      title="Permissions"
      caption={matrix ? `Policy version ${matrix.version}` : 'Information governance'}
    >
      <ErrorList errors={errors} />
      {published && <Notice tone="success">{published}</Notice>}
      <p>
        Each cell says what a role may see of a field: <strong>deny</strong>, <strong>related</strong> (only
        people they have a care relationship with), <strong>any</strong> person, or only under{' '}
        <strong>break-glass</strong>, optionally with an active consent. Nothing changes until you publish.
      </p>
      <div className="filters" role="search" aria-label="Filter the matrix">
        <FormField
          label="Search fields"
          hint="Type or field name, e.g. SocialCareRecord.caseNotes, or words from a description"
        >
          {(p) => (
            <input
              {...p}
              type="search"
              className="input-wide"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          )}
        </FormField>
        <div className="form-group checkbox">
          <label>
            <input type="checkbox" checked={changedOnly} onChange={(e) => setChangedOnly(e.target.checked)} />{' '}
            Changed fields only
          </label>
        </div>
      </div>
      <p className="muted" role="status">
        {visible.reduce((n, v) => n + v.fields.length, 0)} fields in {visible.length} types
        {q ? ` matching “${search.trim()}”` : ''}
      </p>
      <div className="matrix-types">
        {visible.map(({ t, fields }) => (
          <TypeBlock
            key={t.name}
            t={t}
            fields={fields}
            roles={roles}
            draft={draft}
            open={opened.has(t.name ?? '') || (!!q && visible.length <= 8) || changedOnly}
            onToggle={(o) =>
              setOpened((s) => {
                const n = new Set(s);
                if (o) n.add(t.name ?? '');
                else n.delete(t.name ?? '');
                return n;
              })
            }
          />
        ))}
      </div>

      <form className="publish-bar" onSubmit={submit} noValidate aria-label="Publish changes">
        <div className="publish-summary">
          <strong>
            {draft.size === 0 ? 'No changes' : `${draft.size} changed cell${draft.size === 1 ? '' : 's'}`}
          </strong>
          {draft.size > 0 && (
            <>
              {' · '}
              <Link to="/admin/preview">Preview as a role</Link>
              {' · '}
              <button type="button" className="link-button" onClick={() => policyDraft.clear()}>
                Discard changes
              </button>
            </>
          )}
        </div>
        {conflict !== null && (
          <div className="error-summary" role="alert">
            <h2 className="error-summary-title">Someone else published first</h2>
            <p>
              The policy is now at version {conflict > 0 ? conflict : 'a newer version'}; you were editing
              version {matrix?.version}. Your changes are kept. Load the latest version, check your changes
              against it, and publish again.
            </p>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                publish.reset();
                void refetch();
              }}
            >
              Load the latest version
            </button>
          </div>
        )}
        {conflict === null && <ErrorList errors={publish.errors} title="Not published" />}
        <FormField
          label="Comment"
          hint="Why this change; it is kept in the version history"
          error={commentError}
        >
          {(p) => (
            <input
              {...p}
              className="input-wide"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              disabled={draft.size === 0}
            />
          )}
        </FormField>
        <button type="submit" className="button" disabled={draft.size === 0 || publish.loading}>
          {publish.loading ? 'Publishing…' : 'Publish'}
        </button>
      </form>
    </Page>
  );
}
