import { nhsCheckDigit, type DocStore } from '@care/common';
import { patientFirst, UK_CORE_NHS, ukCoreFixtures } from '@care/health/src/fhir/testing/fixtures';
import { csvLine } from '@care/social-care/src/cld/csv';
import { REQUIRED_COLUMNS } from '@care/social-care/src/cld/vocabulary';
import { deniedFields, findPerson } from './support/people';
import { Stack } from './support/stack';

const HF = 'E09000013';
const RICHFORD = 'E85001';

const IMPORT_FHIR = `mutation($d: String!, $f: FhirFormat) {
  importFhir(document: $d, format: $f) {
    imported stored { resourceType count } skipped { resourceType count } linkedPatients
    problems { entry location message }
  }
}`;
const EXPORT = 'query($n: NhsNumber!) { person(nhsNumber: $n) { fhirBundle } }';
const IMPORT_CLD = `mutation($csv: String!, $mode: CldImportMode!) {
  importClientLevelData(csv: $csv, mode: $mode) {
    loaded rows loadedRows clientsCreated services linkedPeople badRows { line column message }
  }
}`;

interface ImportResult {
  imported: boolean;
  stored: { resourceType: string; count: number }[];
  problems: { entry: number | null; location: string | null; message: string }[];
}
interface Bundle {
  entry: { resource: { resourceType: string; id: string; [k: string]: unknown } }[];
}

/** Everything health holds about one person, to see that an import of their export changed nothing. */
async function healthRecordOf(store: DocStore, nhs: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const c of [
    'patients',
    'conditions',
    'medications',
    'allergies',
    'encounters',
    'flags',
    'observations',
  ]) {
    out[c] = await store.collection(c).find({ nhsNumber: nhs }, { sort: { _id: 1 } });
  }
  return out;
}

/** A valid NHS number outside the synthetic range's first block, so no seeded person has it. */
function freshNhs(i: number): string {
  for (let n = i; ; n++) {
    const nine = `9997${String(n).padStart(5, '0')}`;
    const check = nhsCheckDigit(nine);
    if (check !== null) return `${nine}${check}`;
  }
}

describe('real formats through the gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ people: 300 });
  });
  afterAll(() => stack.stop());

  it('imports every UK Core example as the IG admin, and shows it on Richard Smith to A&E once present', async () => {
    const ig = await stack.as('ig_admin');
    for (const doc of patientFirst(ukCoreFixtures())) {
      const r = await ig.request<{ importFhir: ImportResult }>(IMPORT_FHIR, { d: doc.text, f: 'XML' });
      expect({ file: doc.name, errors: r.errors, problems: r.data?.importFhir.problems }).toEqual({
        file: doc.name,
        errors: undefined,
        problems: [],
      });
    }
    // The person index knows him now; his practice is not one of ours, so A&E declares presence.
    const ae = await stack.as('ae_clinician');
    const present = await ae.request(
      'mutation($n: NhsNumber!) { declarePresence(nhsNumber: $n, location: "Majors 4") { until } }',
      {
        n: UK_CORE_NHS,
      },
    );
    expect(present.errors).toBeUndefined();
    const r = await ae.request<{ person: Record<string, unknown> }>(
      `query($n: NhsNumber!) { person(nhsNumber: $n) {
        knownTo
        health {
          demographics { givenName familyName dateOfBirth }
          conditions { display source } allergies { substance reaction } medications { display dosage }
          encounters { kind start end } clinicalFlags { display } noKnownAllergies
        }
      } }`,
      { n: UK_CORE_NHS },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.person).toMatchObject({
      knownTo: ['HEALTH'],
      health: {
        demographics: { givenName: 'Richard', familyName: 'SMITH', dateOfBirth: '1970-09-11' },
        conditions: [{ display: 'Loosening of total hip replacement', source: 'FHIR import' }],
        allergies: [{ substance: 'Amoxicillin', reaction: 'Urticarial rash' }, { substance: 'Amoxicillin' }],
        medications: [{ display: 'Amoxicillin 250mg capsules', dosage: '2 capsules 4 times a day.' }],
        encounters: [
          { kind: 'ADMISSION', start: '2019-12-10T13:00:00.000Z', end: '2019-12-11T13:00:00.000Z' },
        ],
        clinicalFlags: [{ display: 'Patient has a severe peanut allergy.' }],
        noKnownAllergies: false,
      },
    });
    // A GP has no relationship with him: nothing shows.
    const gp = await stack.as('gp');
    const denied = await gp.request(
      'query($n: NhsNumber!) { person(nhsNumber: $n) { health { conditions { display } } } }',
      {
        n: UK_CORE_NHS,
      },
    );
    expect(denied.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'relationship' });
    // Each import is audited as a write naming him.
    const writes = await stack.governance.audit.find({ kind: 'write', note: 'outcome: importFhir' });
    expect(writes.some((w) => w.persons.includes(UK_CORE_NHS))).toBe(true);
  });

  it('round-trips an export of the imported person: importing it again changes nothing', async () => {
    const ae = await stack.as('ae_clinician');
    const exported = await ae.request<{ person: { fhirBundle: string } }>(EXPORT, { n: UK_CORE_NHS });
    expect(exported.errors).toBeUndefined();
    const bundle = JSON.parse(exported.data!.person.fhirBundle) as Bundle;
    const types = bundle.entry.map((e) => e.resource.resourceType).sort();
    expect(types).toEqual([
      'AllergyIntolerance',
      'AllergyIntolerance',
      'Condition',
      'Encounter',
      'Flag',
      'MedicationStatement',
      'Patient',
    ]);
    expect(bundle.entry[0].resource).toMatchObject({
      resourceType: 'Patient',
      id: 'UKCore-Patient-RichardSmith-Example',
    });
    const before = await healthRecordOf(stack.subgraphs.health.store, UK_CORE_NHS);
    const ig = await stack.as('ig_admin');
    const again = await ig.request<{ importFhir: ImportResult }>(IMPORT_FHIR, {
      d: exported.data!.person.fhirBundle,
    });
    expect(again.data?.importFhir).toMatchObject({ imported: true, problems: [] });
    expect(await healthRecordOf(stack.subgraphs.health.store, UK_CORE_NHS)).toEqual(before);
  });

  it('exports what the shield allows: a GP the whole record, a social worker no clinical detail', async () => {
    const nhs = await findPerson(stack, {
      knownTo: ['HEALTH', 'SOCIAL_CARE'],
      gpPractice: RICHFORD,
      borough: HF,
      consents: { health_to_social_care: 'active' },
    });
    const gp = await stack.as('gp');
    const full = await gp.request<{ person: { fhirBundle: string } }>(EXPORT, { n: nhs });
    expect(full.errors).toBeUndefined();
    const gpBundle = JSON.parse(full.data!.person.fhirBundle) as Bundle;
    expect(gpBundle.entry[0].resource).toMatchObject({ resourceType: 'Patient', name: [expect.anything()] });

    // A seeded record round-trips too.
    const before = await healthRecordOf(stack.subgraphs.health.store, nhs);
    const ig = await stack.as('ig_admin');
    const again = await ig.request<{ importFhir: ImportResult }>(IMPORT_FHIR, {
      d: full.data!.person.fhirBundle,
    });
    expect(again.data?.importFhir).toMatchObject({ imported: true, problems: [] });
    expect(await healthRecordOf(stack.subgraphs.health.store, nhs)).toEqual(before);

    const sw = await stack.as('social_worker');
    const partial = await sw.request<{ person: { fhirBundle: string } }>(EXPORT, { n: nhs });
    expect(partial.errors).toBeUndefined();
    const swBundle = JSON.parse(partial.data!.person.fhirBundle) as Bundle;
    const swTypes = new Set(swBundle.entry.map((e) => e.resource.resourceType));
    for (const t of ['Condition', 'MedicationStatement', 'AllergyIntolerance', 'Observation', 'Flag']) {
      expect(swTypes.has(t)).toBe(false);
    }
    const swPatient = swBundle.entry[0].resource;
    expect(swPatient.name).toBeUndefined();
    expect(swPatient.birthDate).toBeUndefined();
    for (const e of swBundle.entry.filter((x) => x.resource.resourceType === 'Encounter')) {
      expect(e.resource.reasonCode).toBeUndefined();
    }
    // The audit trail says what the export withheld.
    const audited = await stack.governance.audit.find({ role: 'social_worker', persons: nhs });
    const withheld = audited.flatMap((a) => a.access.flatMap((x) => x.denied.map((d) => d.field)));
    expect(withheld).toEqual(
      expect.arrayContaining(['HealthRecord.conditions', 'HealthRecord.demographics', 'Encounter.reason']),
    );

    // A&E may look anyone up, but exports only the record of someone declared present.
    const ae = await stack.as('ae_clinician');
    const refused = await ae.request<{ person: { fhirBundle: string | null } }>(EXPORT, { n: nhs });
    expect(deniedFields(refused.errors)).toEqual({ 'Person.fhirBundle': 'relationship' });
    expect(refused.data?.person.fhirBundle).toBeNull();
  });

  it('holds an imported patient without an NHS number, and shows their record once an admin confirms who they are', async () => {
    const ig = await stack.as('ig_admin');
    const doc = JSON.stringify({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          fullUrl: 'urn:uuid:7a1c0f6e-0000-4000-8000-000000000001',
          resource: {
            resourceType: 'Patient',
            id: 'held-okoro',
            name: [{ use: 'official', family: 'Okoro', given: ['Adaeze'] }],
            birthDate: '1941-03-02',
          },
        },
        {
          fullUrl: 'urn:uuid:7a1c0f6e-0000-4000-8000-000000000002',
          resource: {
            resourceType: 'Condition',
            id: 'held-okoro-c1',
            code: { coding: [{ system: 'http://snomed.info/sct', code: '230690007', display: 'Stroke' }] },
            subject: { reference: 'urn:uuid:7a1c0f6e-0000-4000-8000-000000000001' },
            onsetDateTime: '2026-11-20',
          },
        },
      ],
    });
    const imported = await ig.request<{ importFhir: ImportResult & { heldForMatching: unknown[] } }>(
      `mutation($d: String!) { importFhir(document: $d) { imported heldForMatching { localId } problems { message } } }`,
      { d: doc },
    );
    expect(imported.data?.importFhir).toMatchObject({
      imported: true,
      heldForMatching: [{ localId: 'held-okoro' }],
      problems: [],
    });
    // Born before any date a person may type into a record: taken as the source system holds it.
    const elder = await ig.request<{ importFhir: ImportResult & { heldForMatching: unknown[] } }>(
      `mutation($d: String!) { importFhir(document: $d) { imported heldForMatching { localId } problems { message } } }`,
      {
        d: JSON.stringify({
          resourceType: 'Patient',
          id: 'held-elder',
          name: [{ use: 'official', family: 'Elder', given: ['Edith'] }],
          birthDate: '1899-12-31',
        }),
      },
    );
    expect(elder.data?.importFhir).toMatchObject({
      imported: true,
      heldForMatching: [{ localId: 'held-elder' }],
      problems: [],
    });
    const queue = await ig.request<{ matchQueue: { id: string; source: string; localId: string }[] }>(
      '{ matchQueue { id source localId } }',
    );
    const match = queue.data!.matchQueue.find((m) => m.source === 'HEALTH' && m.localId === 'held-okoro')!;
    expect(match).toBeDefined();

    // The admin established who this is: a patient of the demo GP's practice.
    const target = await findPerson(stack, { knownTo: ['HEALTH'], gpPractice: RICHFORD });
    const gp = await stack.as('gp');
    const CONDITIONS =
      'query($n: NhsNumber!) { person(nhsNumber: $n) { health { conditions { display } } } }';
    type Conditions = { person: { health: { conditions: { display: string }[] } } };
    const before = await gp.request<Conditions>(CONDITIONS, { n: target });
    expect(before.data?.person.health.conditions.map((c) => c.display)).not.toContain('Stroke');

    const confirmed = await ig.request<{ confirmMatch: { status: string } }>(
      'mutation($id: ID!, $n: NhsNumber!) { confirmMatch(id: $id, nhsNumber: $n) { status } }',
      { id: match.id, n: target },
    );
    expect(confirmed.errors).toBeUndefined();
    const after = await gp.request<Conditions>(CONDITIONS, { n: target });
    expect(after.data?.person.health.conditions.map((c) => c.display)).toContain('Stroke');
  });

  it('loads Client Level Data for a social worker, reports bad rows by line, and keeps imports to their roles', async () => {
    const nhs = freshNhs(1);
    const header = [...REQUIRED_COLUMNS];
    const base: Record<string, string> = {
      LA_Code: HF,
      LA_Person_Unique_Identifier: 'HF990001',
      NHS_Number: nhs,
      First_Name: 'Grace',
      Last_Name: 'Mensah',
      Date_of_Birth: '1938-06-14',
      Event_Type: 'Service',
      Event_Reference: 'HF990001-CLD-S1',
      Event_Start_Date: '2026-01-05',
      Service_Type: 'Long Term Support: Community',
      Service_Component: 'Home Support',
      Primary_Support_Reason: 'Physical Support: Personal Care Support',
    };
    const row = (over: Record<string, string>) => csvLine(header.map((h) => ({ ...base, ...over })[h] ?? ''));
    const csv = [
      csvLine(header),
      row({}),
      row({ Event_Reference: 'HF990001-CLD-S2', Event_Start_Date: '5 Jan' }),
    ].join('\n');
    const sw = await stack.as('social_worker');
    const r = await sw.request<{ importClientLevelData: Record<string, unknown> }>(IMPORT_CLD, {
      csv,
      mode: 'GOOD_ROWS',
    });
    expect(r.errors).toBeUndefined();
    expect(r.data?.importClientLevelData).toMatchObject({
      loaded: true,
      rows: 2,
      loadedRows: 1,
      clientsCreated: 1,
      services: 1,
      linkedPeople: 1,
      badRows: [
        { line: 3, column: 'Event_Start_Date', message: '5 Jan is not a date (YYYY-MM-DD or DD/MM/YYYY)' },
      ],
    });
    // The new client is the borough's now: the social worker sees them through the gateway.
    const seen = await sw.request<{ person: { knownTo: string[]; socialCare: Record<string, unknown> } }>(
      'query($n: NhsNumber!) { person(nhsNumber: $n) { knownTo socialCare { clientId services { kind status } } } }',
      { n: nhs },
    );
    expect(seen.errors).toBeUndefined();
    expect(seen.data?.person).toMatchObject({
      knownTo: ['SOCIAL_CARE'],
      socialCare: { clientId: 'HF990001', services: [{ kind: 'HOME_CARE', status: 'active' }] },
    });

    const gp = await stack.as('gp');
    const cld = await gp.request(IMPORT_CLD, { csv, mode: 'GOOD_ROWS' });
    expect(deniedFields(cld.errors)).toMatchObject({ 'Mutation.importClientLevelData': 'role' });
    const fhir = await sw.request(IMPORT_FHIR, { d: ukCoreFixtures()[0].text });
    expect(deniedFields(fhir.errors)).toMatchObject({ 'Mutation.importFhir': 'role' });
  });
});
