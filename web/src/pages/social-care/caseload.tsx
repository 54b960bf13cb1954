import { useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { Page } from '../../components/page';
import { FormField, Loading, Tag } from '../../components/ui';
import { graphql } from '../../generated';
import type { CaseloadQuery } from '../../generated/graphql';
import { ageOn, formatDate, formatDateTime, formatNhsNumber, humanise } from '../../lib/format';
import { DeniedBadge, denialAt, errorsOf, ErrorList, GovernedScope, SourceBanner } from '../../lib/governed';
import { Link } from '../../lib/router';

const CASELOAD = graphql(`
  query Caseload {
    myCaseload {
      nhsNumber
      name
      dateOfBirth
      caseStatus
      childProtectionFlag
      lastActivityAt
      person {
        healthFlags {
          fallsRisk
          dementia
          learningDisability
          endOfLife
          recentAeAttendance
          currentAdmission {
            hospital
            admittedAt
            expectedDischargeDate
            delayedDays
          }
        }
      }
    }
  }
`);

type Entry = NonNullable<CaseloadQuery['myCaseload']>[number];
type Latest = { at: string; what: string } | null;

/**
 * The latest event across the sources the caseload already reads in one batch per subgraph:
 * social care activity, an A&E attendance, a current admission. (A per-person timeline read here
 * would make the store reads grow with the caseload.)
 */
function latestOf(e: Entry): Latest {
  const candidates: Latest[] = [
    e.lastActivityAt ? { at: e.lastActivityAt, what: 'Social care activity' } : null,
    e.person?.healthFlags?.recentAeAttendance
      ? { at: e.person.healthFlags.recentAeAttendance, what: 'A&E attendance' }
      : null,
    e.person?.healthFlags?.currentAdmission?.admittedAt
      ? {
          at: e.person.healthFlags.currentAdmission.admittedAt,
          what: `Admitted to ${e.person.healthFlags.currentAdmission.hospital ?? 'hospital'}`,
        }
      : null,
  ];
  return candidates.reduce<Latest>((best, c) => (c && (!best || c.at > best.at) ? c : best), null);
}
type SortKey = 'name' | 'age' | 'status' | 'flags' | 'activity' | 'delayed' | 'latest';

const FLAG_NAMES = [
  'Falls risk',
  'Dementia',
  'Learning disability',
  'End of life',
  'Recent A&E',
  'In hospital',
] as const;

function flagsOf(e: Entry): string[] {
  const f = e.person?.healthFlags;
  if (!f) return [];
  return [
    f.fallsRisk && 'Falls risk',
    f.dementia && 'Dementia',
    f.learningDisability && 'Learning disability',
    f.endOfLife && 'End of life',
    f.recentAeAttendance && 'Recent A&E',
    f.currentAdmission && 'In hospital',
  ].filter((x): x is string => typeof x === 'string');
}

const FLAG_TONE: Record<string, 'yellow' | 'purple' | 'blue' | 'grey' | 'red'> = {
  'Falls risk': 'yellow',
  Dementia: 'purple',
  'Learning disability': 'blue',
  'End of life': 'grey',
  'Recent A&E': 'red',
  'In hospital': 'red',
};

function compare(a: Entry, b: Entry, key: SortKey): number {
  switch (key) {
    case 'latest':
      return (latestOf(a)?.at ?? '').localeCompare(latestOf(b)?.at ?? '');
    case 'name':
      return (a.name ?? '').localeCompare(b.name ?? '');
    case 'age':
      return (b.dateOfBirth ?? '').localeCompare(a.dateOfBirth ?? '');
    case 'status':
      return (a.caseStatus ?? '').localeCompare(b.caseStatus ?? '');
    case 'flags':
      return flagsOf(a).length - flagsOf(b).length;
    case 'activity':
      return (a.lastActivityAt ?? '').localeCompare(b.lastActivityAt ?? '');
    case 'delayed':
      return (
        (a.person?.healthFlags?.currentAdmission?.delayedDays ?? -1) -
        (b.person?.healthFlags?.currentAdmission?.delayedDays ?? -1)
      );
  }
}

function SortHeader({
  label,
  k,
  sort,
  onSort,
}: {
  label: string;
  k: SortKey;
  sort: { key: SortKey; asc: boolean };
  onSort: (k: SortKey) => void;
}) {
  const active = sort.key === k;
  return (
    <th scope="col" aria-sort={active ? (sort.asc ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(k)}>
        {label}
        <span aria-hidden="true" className="sort-arrow">
          {active ? (sort.asc ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

function LatestEvent({ event }: { event: Latest }) {
  if (!event) return <span className="muted">None</span>;
  return (
    <>
      <span className="muted">{formatDate(event.at)}</span> {event.what}
    </>
  );
}

/** A social worker's caseload with each person's health flags; sorted and filtered in the browser. */
export function CaseloadPage() {
  const { data, error, loading } = useQuery(CASELOAD);
  const errors = errorsOf(error);
  const [text, setText] = useState('');
  const [status, setStatus] = useState('');
  const [flag, setFlag] = useState('');
  const [cpOnly, setCpOnly] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: 'activity', asc: false });

  const all = data?.myCaseload ?? [];
  const rows = useMemo(() => {
    const q = text.trim().toLowerCase();
    const digits = q.replace(/\s/g, '');
    return all
      .map((e, index) => ({ e, index }))
      .filter(
        ({ e }) =>
          !q ||
          (e.name ?? '').toLowerCase().includes(q) ||
          (digits.length > 2 && e.nhsNumber?.includes(digits)),
      )
      .filter(({ e }) => !status || e.caseStatus === status)
      .filter(({ e }) => !cpOnly || e.childProtectionFlag)
      .filter(({ e }) => !flag || flagsOf(e).includes(flag))
      .sort((a, b) => (sort.asc ? 1 : -1) * compare(a.e, b.e, sort.key));
  }, [all, text, status, flag, cpOnly, sort]);

  const onSort = (key: SortKey) =>
    setSort((s) => ({ key, asc: s.key === key ? !s.asc : key === 'name' || key === 'status' }));
  const statuses = [...new Set(all.map((e) => e.caseStatus).filter((s): s is NonNullable<typeof s> => !!s))];

  return (
    <Page title="My caseload" caption="Social care">
      <GovernedScope errors={errors}>
        <SourceBanner errors={errors} />
        <ErrorList errors={errors} />
        {loading && !data ? (
          <Loading what="Loading your caseload" />
        ) : (
          <>
            <div className="filters" role="search" aria-label="Filter the caseload">
              <FormField label="Name or NHS number">
                {(p) => <input {...p} type="search" value={text} onChange={(e) => setText(e.target.value)} />}
              </FormField>
              <FormField label="Case status">
                {(p) => (
                  <select {...p} value={status} onChange={(e) => setStatus(e.target.value)}>
                    <option value="">Any</option>
                    {statuses.map((s) => (
                      <option key={s} value={s}>
                        {humanise(s)}
                      </option>
                    ))}
                  </select>
                )}
              </FormField>
              <FormField label="Health flag">
                {(p) => (
                  <select {...p} value={flag} onChange={(e) => setFlag(e.target.value)}>
                    <option value="">Any</option>
                    {FLAG_NAMES.map((f) => (
                      <option key={f} value={f}>
                        {f}
                      </option>
                    ))}
                  </select>
                )}
              </FormField>
              <div className="form-group checkbox">
                <label>
                  <input type="checkbox" checked={cpOnly} onChange={(e) => setCpOnly(e.target.checked)} />{' '}
                  Child protection only
                </label>
              </div>
            </div>
            <p role="status" className="muted">
              Showing {rows.length} of {all.length} people
            </p>
            <table className="table" data-testid="caseload">
              <caption className="visually-hidden">My caseload, sortable by column</caption>
              <thead>
                <tr>
                  <SortHeader label="Name" k="name" sort={sort} onSort={onSort} />
                  <th scope="col">NHS number</th>
                  <SortHeader label="Age" k="age" sort={sort} onSort={onSort} />
                  <SortHeader label="Case status" k="status" sort={sort} onSort={onSort} />
                  <SortHeader label="Health flags" k="flags" sort={sort} onSort={onSort} />
                  <SortHeader label="Delayed discharge" k="delayed" sort={sort} onSort={onSort} />
                  <SortHeader label="Latest event" k="latest" sort={sort} onSort={onSort} />
                  <SortHeader label="Record updated" k="activity" sort={sort} onSort={onSort} />
                </tr>
              </thead>
              <tbody>
                {rows.map(({ e, index }) => {
                  const flagsDenied = denialAt(errors, ['myCaseload', index, 'person', 'healthFlags']);
                  const adm = e.person?.healthFlags?.currentAdmission;
                  return (
                    <tr key={e.nhsNumber ?? index}>
                      <td>
                        <Link to={`/people/${e.nhsNumber}`}>{e.name}</Link>
                        {e.childProtectionFlag && (
                          <>
                            {' '}
                            <Tag tone="red">CP</Tag>
                          </>
                        )}
                      </td>
                      <td className="nhs-number">{formatNhsNumber(e.nhsNumber)}</td>
                      <td>{ageOn(e.dateOfBirth) ?? ''}</td>
                      <td>{humanise(e.caseStatus)}</td>
                      <td>
                        {flagsDenied ? (
                          <DeniedBadge denial={flagsDenied} />
                        ) : (
                          <ul className="tag-list">
                            {flagsOf(e).map((f) => (
                              <li key={f}>
                                <Tag tone={FLAG_TONE[f]}>{f}</Tag>
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td>
                        {adm ? (
                          <>
                            {adm.hospital}, planned {formatDate(adm.expectedDischargeDate)}
                            {adm.delayedDays ? (
                              <>
                                {' '}
                                <Tag tone="red">{adm.delayedDays} days</Tag>
                              </>
                            ) : null}
                          </>
                        ) : (
                          ''
                        )}
                      </td>
                      <td>
                        <LatestEvent event={latestOf(e)} />
                      </td>
                      <td>{formatDateTime(e.lastActivityAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        )}
      </GovernedScope>
    </Page>
  );
}
