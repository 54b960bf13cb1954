import { useLazyQuery, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Page } from '../components/page';
import { FormField, Loading, Section, Tag } from '../components/ui';
import { graphql } from '../generated';
import { ageOn, formatDate, formatNhsNumber, normaliseNhsNumber, SOURCE_LABELS } from '../lib/format';
import { errorsOf, ErrorList, Governed, GovernedScope } from '../lib/governed';
import { Link, navigate } from '../lib/router';

const PRACTICE_PATIENTS = graphql(`
  query PracticePatients {
    practicePatients(limit: 50) {
      nhsNumber
      demographics {
        givenName
        familyName
        dateOfBirth
      }
    }
  }
`);

const SEARCH = graphql(`
  query SearchPeople($name: String, $dateOfBirth: String, $postcode: String) {
    searchPeople(name: $name, dateOfBirth: $dateOfBirth, postcode: $postcode) {
      nhsNumber
      givenName
      familyName
      dateOfBirth
      postcode
      knownTo
      score
    }
  }
`);

const RESIDENTS = graphql(`
  query Residents($ids: [ID!]!) {
    residents(councilIds: $ids) {
      nhsNumber
      demographics {
        givenName
        familyName
        dateOfBirth
        postcode
      }
      council {
        councilId
      }
    }
  }
`);

function ByNhsNumber() {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    const nhs = normaliseNhsNumber(value);
    if (!nhs) {
      setError('Enter a valid 10-digit NHS number, for example 999 123 4567');
      return;
    }
    setError(null);
    navigate(`/people/${nhs}`);
  }
  return (
    <form onSubmit={submit} noValidate className="inline-form" role="search" aria-label="Find by NHS number">
      <FormField label="NHS number" hint="10 digits; spaces are fine" error={error}>
        {(p) => (
          <input
            {...p}
            name="nhsNumber"
            className="input-medium"
            inputMode="numeric"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        )}
      </FormField>
      <button type="submit" className="button">
        Find
      </button>
    </form>
  );
}

type Row = { nhsNumber: string; name: string; dob: string | null; extra?: string | null };

function PeopleTable({ rows, caption }: { rows: Row[]; caption: string }) {
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">NHS number</th>
          <th scope="col">Date of birth</th>
          {rows.some((r) => r.extra) && <th scope="col">Council id</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.nhsNumber}>
            <td>
              <Link to={`/people/${r.nhsNumber}`}>{r.name || 'Name withheld'}</Link>
            </td>
            <td className="nhs-number">{formatNhsNumber(r.nhsNumber)}</td>
            <td>
              {formatDate(r.dob)} {ageOn(r.dob) !== null && <span className="muted">({ageOn(r.dob)})</span>}
            </td>
            {rows.some((x) => x.extra) && <td>{r.extra}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PracticeList() {
  const { data, error, loading } = useQuery(PRACTICE_PATIENTS);
  const errors = errorsOf(error);
  if (loading) return <Loading what="Loading your practice's patients" />;
  const rows: Row[] = (data?.practicePatients ?? []).map((p) => ({
    nhsNumber: p.nhsNumber,
    name: `${p.demographics?.givenName ?? ''} ${p.demographics?.familyName ?? ''}`.trim(),
    dob: p.demographics?.dateOfBirth ?? null,
  }));
  return (
    <Section title="Patients registered at your practice">
      <GovernedScope errors={errors}>
        <ErrorList errors={errors} />
        <Governed path={['practicePatients']} value={rows} empty="No patients">
          {(list) => <PeopleTable rows={list} caption="Patients registered at your practice" />}
        </Governed>
      </GovernedScope>
    </Section>
  );
}

/** Name with date of birth (and optionally postcode): forgiving of case, accents and nicknames. */
function ByName() {
  const [form, setForm] = useState({ name: '', dateOfBirth: '', postcode: '' });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [search, { data, error, loading, called }] = useLazyQuery(SEARCH);
  const errors = errorsOf(error);
  function submit(e: FormEvent) {
    e.preventDefault();
    const p: Record<string, string> = {};
    if (!form.name.trim()) p.name = 'Enter a name';
    if (!form.dateOfBirth) p.dateOfBirth = 'Enter the date of birth';
    setProblems(p);
    if (Object.keys(p).length) return;
    void search({
      variables: {
        name: form.name.trim(),
        dateOfBirth: form.dateOfBirth,
        postcode: form.postcode.trim() || null,
      },
    });
  }
  const rows = data?.searchPeople ?? [];
  return (
    <Section title="By name and date of birth">
      <form
        onSubmit={submit}
        noValidate
        className="inline-form"
        role="search"
        aria-label="Find by name and date of birth"
      >
        <FormField label="Name" hint="Given and/or family name" error={problems.name}>
          {(p) => (
            <input
              {...p}
              className="input-medium"
              autoComplete="off"
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
            />
          )}
        </FormField>
        <FormField label="Date of birth" error={problems.dateOfBirth}>
          {(p) => (
            <input
              {...p}
              type="date"
              value={form.dateOfBirth}
              onChange={(e) => setForm({ ...form, dateOfBirth: e.target.value })}
            />
          )}
        </FormField>
        <FormField label="Postcode (optional)">
          {(p) => (
            <input
              {...p}
              className="input-short"
              autoComplete="off"
              value={form.postcode}
              onChange={(e) => setForm({ ...form, postcode: e.target.value })}
            />
          )}
        </FormField>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {loading && <Loading what="Searching" />}
      <ErrorList errors={errors} />
      {called && !loading && errors.length === 0 && rows.length === 0 && (
        <p>
          Nobody you have a care relationship with matches. Check the spelling and date of birth, or search by
          NHS number.
        </p>
      )}
      {rows.length > 0 && (
        <table className="table" data-testid="search-results">
          <caption className="visually-hidden">People found</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">NHS number</th>
              <th scope="col">Date of birth</th>
              <th scope="col">Postcode</th>
              <th scope="col">Known to</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.nhsNumber}>
                <td>
                  <Link to={`/people/${r.nhsNumber}`}>
                    {r.givenName} {r.familyName}
                  </Link>
                  {r.score != null && r.score < 1 && <span className="muted"> (close match)</span>}
                </td>
                <td className="nhs-number">{formatNhsNumber(r.nhsNumber)}</td>
                <td>{formatDate(r.dateOfBirth)}</td>
                <td>{r.postcode}</td>
                <td>
                  <ul className="tag-list">
                    {(r.knownTo ?? []).map((k) => (
                      <li key={k}>
                        <Tag tone="blue">{SOURCE_LABELS[k] ?? k}</Tag>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function ByCouncilId() {
  const [value, setValue] = useState('');
  const [load, { data, error, loading, called }] = useLazyQuery(RESIDENTS);
  const errors = errorsOf(error);
  function submit(e: FormEvent) {
    e.preventDefault();
    const ids = value.split(/[\s,]+/).filter(Boolean);
    if (ids.length > 0) void load({ variables: { ids } });
  }
  const rows: Row[] = (data?.residents ?? []).map((p) => ({
    nhsNumber: p.nhsNumber,
    name: `${p.demographics?.givenName ?? ''} ${p.demographics?.familyName ?? ''}`.trim(),
    dob: p.demographics?.dateOfBirth ?? null,
    extra: p.council?.councilId ?? null,
  }));
  return (
    <Section title="Find by council id">
      <form onSubmit={submit} noValidate className="inline-form" aria-label="Find by council id">
        <FormField label="Council ids" hint="One or more, separated by spaces or commas">
          {(p) => (
            <input {...p} className="input-medium" value={value} onChange={(e) => setValue(e.target.value)} />
          )}
        </FormField>
        <button type="submit" className="button">
          Find residents
        </button>
      </form>
      {loading && <Loading />}
      <ErrorList errors={errors} />
      {called &&
        !loading &&
        (rows.length > 0 ? (
          <PeopleTable rows={rows} caption="Residents found" />
        ) : (
          errors.length === 0 && <p>No resident with those ids.</p>
        ))}
    </Section>
  );
}

const SEARCHERS = ['gp', 'ae_clinician', 'cp_nurse', 'social_worker', 'financial_officer', 'housing_officer'];

export function FindPersonPage({ role }: { role: string }) {
  return (
    <Page title={role === 'housing_officer' ? 'Find a resident' : 'Find a person'}>
      <Section title="By NHS number">
        <ByNhsNumber />
      </Section>
      {SEARCHERS.includes(role) && <ByName />}
      {role === 'housing_officer' && <ByCouncilId />}
      {role === 'gp' && <PracticeList />}
    </Page>
  );
}
