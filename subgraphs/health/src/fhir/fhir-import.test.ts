import { ErrorCode } from '@care/common';
import { GraphQLError } from 'graphql';
import { testNhs } from '../testing/fixtures';
import { fhirLibrary } from './parse';
import { fhirResolvers, MAX_DOCUMENT_BYTES } from './resolvers';
import { EXTENSION, NO_KNOWN_ALLERGY, SYSTEM } from './terminology';
import {
  allergy,
  bundle,
  condition,
  memoryImporter,
  patient,
  patientFirst,
  UK_CORE_NHS,
  ukCoreFixtures,
} from './testing/fixtures';

const NHS = testNhs(11);
const OTHER = testNhs(12);

describe('FHIR R4 import: the UK Core examples', () => {
  it('imports every example, one file at a time, onto the patient its NHS number names', async () => {
    const m = memoryImporter();
    for (const doc of patientFirst(ukCoreFixtures())) {
      const out = await m.run([doc]);
      expect({ file: doc.name, problems: out.problems }).toEqual({ file: doc.name, problems: [] });
      expect(out.imported).toBe(true);
    }
    const [richard] = await m.health.patientsByNhs([UK_CORE_NHS], ['demographics', 'registeredPractice']);
    expect(richard.demographics).toEqual({
      givenName: 'Richard',
      familyName: 'SMITH',
      dateOfBirth: '1970-09-11',
      sex: 'male',
      postcode: 'LS17 7DF',
    });
    const [conditions, allergies, medications, encounters, flags] = await Promise.all([
      m.health.conditionsByNhs([UK_CORE_NHS], ['display', 'clinicalStatus']),
      m.health.allergiesByNhs([UK_CORE_NHS], ['substance', 'reaction']),
      m.health.medicationsByNhs([UK_CORE_NHS], ['display', 'dosage', 'start']),
      m.health.encountersByNhs([UK_CORE_NHS], ['kind', 'start', 'end', 'reason']),
      m.health.activeFlagsByNhs([UK_CORE_NHS], ['display']),
    ]);
    expect(conditions).toMatchObject([
      { display: 'Loosening of total hip replacement', clinicalStatus: 'active' },
    ]);
    // The single AllergyIntolerance and the one inside the allergy list Bundle are two resources.
    expect(allergies).toHaveLength(2);
    expect(allergies[0]).toMatchObject({ substance: 'Amoxicillin', reaction: 'Urticarial rash' });
    expect(medications).toMatchObject([
      { display: 'Amoxicillin 250mg capsules', dosage: '2 capsules 4 times a day.', start: '2021-02-15' },
    ]);
    expect(encounters).toMatchObject([
      {
        kind: 'ADMISSION',
        start: '2019-12-10T13:00:00.000Z',
        end: '2019-12-11T13:00:00.000Z',
        reason: 'General treatment',
      },
    ]);
    expect(flags).toMatchObject([{ display: 'Patient has a severe peanut allergy.' }]);
    expect(m.registered).toMatchObject([
      {
        source: 'HEALTH',
        nhsNumber: UK_CORE_NHS,
        localId: 'UKCore-Patient-RichardSmith-Example',
        gpPractice: null,
      },
    ]);
  });

  it('counts what it does not hold (Consent, the List) and the extensions it ignores', async () => {
    const m = memoryImporter();
    const byName = new Map(ukCoreFixtures().map((d) => [d.name, d]));
    const patientOut = await m.run([byName.get('UKCore-Patient-RichardSmith-Example.xml')!]);
    expect(patientOut.summary.ignoredExtensions.map((e) => e.url)).toContain(
      'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory',
    );
    // The NHS number verification status is read (verified: 01), so it is not among the ignored.
    expect(patientOut.summary.ignoredExtensions.map((e) => e.url)).not.toContain(
      EXTENSION.nhsNumberVerification,
    );
    const consent = await m.run([byName.get('UKCore-Consent-ForInformationAccess-Example.xml')!]);
    expect(consent.summary.skipped).toEqual([
      { resourceType: 'Consent', reason: 'not held by this record', count: 1 },
    ]);
    const list = await m.run([byName.get('UKCore-Bundle-AllergyList-Example.xml')!]);
    expect(list.summary).toMatchObject({
      imported: { AllergyIntolerance: 1 },
      skipped: [{ resourceType: 'List', count: 1 }],
    });
  });

  it('refuses a Condition whose patient it has never seen, and takes it once the Patient came', async () => {
    const m = memoryImporter();
    const docs = ukCoreFixtures();
    const cond = docs.find((d) => d.name.includes('Condition'))!;
    const refused = await m.run([cond]);
    expect(refused.imported).toBe(false);
    expect(refused.problems).toEqual([
      expect.objectContaining({
        resourceType: 'Condition',
        location: 'Condition.subject',
        message: expect.stringMatching(
          /Patient\/UKCore-Patient-RichardSmith-Example is neither in this import/,
        ),
      }),
    ]);
    expect((await m.dump()).conditions).toEqual([]);
    await m.run([docs.find((d) => d.name.includes('Patient'))!]);
    expect((await m.run([cond])).imported).toBe(true);
  });

  it('reads XML and JSON the same', async () => {
    const xml = ukCoreFixtures().find((d) => d.name.includes('Patient'))!;
    const a = memoryImporter();
    const b = memoryImporter();
    await a.run([xml]);
    await b.run([{ text: fhirLibrary().xmlToJson(xml.text) }]);
    expect(await b.dump()).toEqual(await a.dump());
  });
});

describe('FHIR R4 import: references, statements and edge cases', () => {
  it('resolves urn:uuid fullUrls in a transaction, and logical references by a known NHS number', async () => {
    const m = memoryImporter();
    const out = await m.run([
      {
        text: bundle('transaction', [
          patient('p1', NHS),
          condition('c1', 'urn:uuid:00000000-0000-4000-8000-000000000000'),
        ]),
      },
    ]);
    expect(out.problems).toEqual([]);
    const byNumber = {
      resourceType: 'Condition',
      id: 'c2',
      code: { text: 'Asthma' },
      subject: { identifier: { system: SYSTEM.nhsNumber, value: NHS } },
    };
    expect((await m.run([{ text: JSON.stringify(byNumber) }])).problems).toEqual([]);
    const conditions = await m.health.conditionsByNhs([NHS], ['display']);
    expect(conditions.map((c) => c.display).sort()).toEqual(['Asthma', 'Hypertension']);
    // Nobody health knows: never guessed into a new record.
    const unknown = await m.run([
      {
        text: JSON.stringify({
          ...byNumber,
          subject: { identifier: { system: SYSTEM.nhsNumber, value: OTHER } },
        }),
      },
    ]);
    expect(unknown.problems[0].message).toMatch(/not known to health/);
  });

  it('stores entered-in-error entries but never shows them as current', async () => {
    const m = memoryImporter();
    const eie = (system: string) => ({ coding: [{ system, code: 'entered-in-error' }] });
    const out = await m.run([
      {
        text: bundle('collection', [
          patient('p1', NHS),
          condition('c1', 'Patient/p1', { verificationStatus: eie(SYSTEM.conditionVerification) }),
          allergy('a1', 'Patient/p1', '764146007', 'Penicillin', {
            verificationStatus: eie(SYSTEM.allergyVerification),
          }),
          {
            resourceType: 'MedicationStatement',
            id: 'm1',
            status: 'entered-in-error',
            medicationCodeableConcept: { text: 'Warfarin 1mg tablets' },
            subject: { reference: 'Patient/p1' },
          },
          {
            resourceType: 'Encounter',
            id: 'e1',
            status: 'entered-in-error',
            class: { system: SYSTEM.actCode, code: 'EMER' },
            subject: { reference: 'Patient/p1' },
            period: { start: '2026-02-02T08:00:00+01:00' },
          },
        ]),
      },
    ]);
    expect(out.summary.imported).toMatchObject({
      Condition: 1,
      AllergyIntolerance: 1,
      MedicationStatement: 1,
      Encounter: 1,
    });
    const stored = await m.dump();
    expect(stored.conditions).toMatchObject([{ verificationStatus: 'entered-in-error' }]);
    expect(stored.encounters).toMatchObject([
      { status: 'entered-in-error', start: '2026-02-02T07:00:00.000Z' },
    ]);
    expect(await m.health.conditionsByNhs([NHS], ['display'])).toEqual([]);
    expect(await m.health.allergiesByNhs([NHS], ['substance'])).toEqual([]);
    expect(await m.health.medicationsByNhs([NHS], ['display'])).toEqual([]);
    expect(await m.health.encountersByNhs([NHS], ['kind'])).toEqual([]);
  });

  it('takes "no known allergies" as a statement on the record, never as an allergy', async () => {
    const m = memoryImporter();
    const nka = allergy('nka', 'Patient/p1', NO_KNOWN_ALLERGY, 'No known allergy');
    const out = await m.run([{ text: bundle('collection', [patient('p1', NHS), nka]) }]);
    expect(out.summary).toMatchObject({ noKnownAllergyStatements: 1, imported: { Patient: 1 } });
    expect(out.summary.imported.AllergyIntolerance).toBeUndefined();
    const [p] = await m.health.patientsByNhs([NHS], ['noKnownAllergies']);
    expect(p.noKnownAllergies).toBe(true);
    expect((await m.dump()).allergies).toEqual([]);

    // Withdrawn as entered in error, the statement no longer stands.
    const withdrawn = {
      ...nka,
      verificationStatus: { coding: [{ system: SYSTEM.allergyVerification, code: 'entered-in-error' }] },
    };
    await m.run([{ text: JSON.stringify(withdrawn) }]);
    expect((await m.health.patientsByNhs([NHS], ['noKnownAllergies']))[0].noKnownAllergies).toBe(false);

    // UK Core's other form: an allergy list empty because none are known.
    const nilKnown = {
      resourceType: 'List',
      status: 'current',
      mode: 'snapshot',
      code: { coding: [{ system: SYSTEM.snomed, code: '886921000000105' }] },
      subject: { reference: 'Patient/p1' },
      emptyReason: { coding: [{ system: SYSTEM.listEmptyReason, code: 'nilknown' }] },
    };
    await m.run([{ text: JSON.stringify(nilKnown) }]);
    expect((await m.health.patientsByNhs([NHS], ['noKnownAllergies']))[0].noKnownAllergies).toBe(true);

    // A real allergy recorded later contradicts it.
    await m.run([{ text: JSON.stringify(allergy('a2', 'Patient/p1', '91936005', 'Penicillin')) }]);
    expect((await m.health.patientsByNhs([NHS], ['noKnownAllergies']))[0].noKnownAllergies).toBe(false);
  });

  it('holds a patient without a verified NHS number for matching, and attaches nothing to anyone', async () => {
    const m = memoryImporter();
    const unverified = patient('p2', OTHER, {
      identifier: [
        {
          system: SYSTEM.nhsNumber,
          value: OTHER,
          extension: [
            {
              url: EXTENSION.nhsNumberVerification,
              valueCodeableConcept: { coding: [{ system: SYSTEM.nhsVerification, code: '03' }] },
            },
          ],
        },
      ],
    });
    const out = await m.run([
      {
        text: bundle('collection', [
          patient('p1', null),
          condition('c1', 'Patient/p1'),
          unverified,
          condition('c2', 'Patient/p2'),
        ]),
      },
    ]);
    expect(out.problems).toEqual([]);
    expect(out.summary).toMatchObject({ heldForMatching: 2, notAttached: 2, imported: {} });
    expect(out.held).toHaveLength(2);
    expect(m.registered).toEqual([
      expect.objectContaining({
        nhsNumber: null,
        localId: 'p1',
        familyName: 'Okoro',
        dateOfBirth: '1941-03-02',
      }),
      expect.objectContaining({ nhsNumber: null, localId: 'p2' }),
    ]);
    const stored = await m.dump();
    expect(stored.patients).toEqual([]);
    expect(stored.conditions).toEqual([]);
  });

  it('attaches what it held to the NHS number an admin confirms, and writes nobody else', async () => {
    const m = memoryImporter();
    const THIRD = testNhs(13);
    const doc = {
      name: 'discharge.json',
      text: bundle('collection', [
        patient('p1', null),
        condition('c1', 'Patient/p1'),
        patient('p3', THIRD),
        condition('c3', 'Patient/p3'),
      ]),
    };
    expect((await m.run([doc])).summary).toMatchObject({ heldForMatching: 1, notAttached: 1 });
    // Meanwhile a later file changes the other patient's record: linking must not undo it.
    await m.run([
      { text: bundle('collection', [condition('c3', `Patient/p3`, { onsetDateTime: '2020-06-01' })]) },
    ]);

    expect(await m.importer.link('nobody', NHS)).toBe(0);
    expect(await m.importer.link('p1', NHS)).toBe(2);
    const [mine] = await m.health.patientsByNhs([NHS], ['demographics']);
    expect(mine.demographics).toMatchObject({ familyName: 'Okoro', dateOfBirth: '1941-03-02' });
    expect(await m.health.conditionsByNhs([NHS], ['display'])).toMatchObject([{ display: 'Hypertension' }]);
    const [other] = await m.health.conditionsByNhs([THIRD], ['onset']);
    expect(other).toMatchObject({ onset: '2020-06-01' });
    // A later file may name the patient by the id the first one used.
    const later = await m.run([{ text: bundle('collection', [condition('c9', 'Patient/p1')]) }]);
    expect(later.problems).toEqual([]);
    expect(await m.health.conditionsByNhs([NHS], ['display'])).toHaveLength(2);
    // Nothing is held any more: linking again attaches nothing, and the kept file is gone.
    expect(await m.importer.link('p1', NHS)).toBe(0);
    expect(await m.store.collection('fhirHeldDocuments').count({})).toBe(0);
  });

  it('skips unknown resource types and extensions with counts, and refuses a modifier extension it does not understand', async () => {
    const m = memoryImporter();
    const withExtension = patient('p1', NHS, {
      extension: [{ url: 'https://example.org/x', valueString: 'y' }],
    });
    const out = await m.run([
      {
        text: bundle('searchset', [
          withExtension,
          { resourceType: 'Practitioner', id: 'gp1' },
          { resourceType: 'Practitioner', id: 'gp2' },
          { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational' }] },
        ]),
      },
    ]);
    expect(out.imported).toBe(true);
    expect(out.summary.skipped).toEqual([
      { resourceType: 'OperationOutcome', reason: 'not held by this record', count: 1 },
      { resourceType: 'Practitioner', reason: 'not held by this record', count: 2 },
    ]);
    expect(out.summary.ignoredExtensions).toEqual([{ url: 'https://example.org/x', count: 1 }]);
    const modifier = await m.run([
      {
        text: JSON.stringify(
          condition('c1', 'Patient/p1', {
            modifierExtension: [{ url: 'https://example.org/negated', valueBoolean: true }],
          }),
        ),
      },
    ]);
    expect(modifier.imported).toBe(false);
    expect(modifier.problems[0].message).toMatch(
      /modifier extension https:\/\/example.org\/negated is not understood/,
    );
  });

  it('refuses a malformed or invalid document whole, listing every problem with where it is', async () => {
    const m = memoryImporter();
    const out = await m.run([
      {
        name: 'bad.json',
        text: bundle('collection', [
          patient('p1', NHS),
          condition('c1', 'Patient/p1', { onsetDateTime: '2019-02-30' }),
          {
            resourceType: 'Observation',
            id: 'o1',
            code: { text: 'Weight' },
            subject: { reference: 'Patient/p1' },
          },
          condition('c2', 'Patient/nobody'),
          condition('c3', 'Patient/p1', { bogus: true }),
        ]),
      },
    ]);
    expect(out.imported).toBe(false);
    expect(out.problems).toEqual([
      expect.objectContaining({
        file: 'bad.json',
        entry: 2,
        resourceType: 'Observation',
        location: 'Observation.status',
      }),
      expect.objectContaining({ entry: 4, resourceId: 'c3', location: 'Condition.bogus' }),
      expect.objectContaining({
        entry: 1,
        location: 'Condition.onsetDateTime',
        message: '2019-02-30 is not a real date',
      }),
      expect.objectContaining({ entry: 3, location: 'Condition.subject' }),
    ]);
    expect(await m.dump()).toEqual(await memoryImporter().dump());
    expect(m.registered).toEqual([]);

    const refusals = await Promise.all(
      [
        '{"resourceType": "Patient", ',
        '<Patient xmlns="http://hl7.org/fhir"><id value="p"/><birthDate value="2000-01-01"/>',
        '<Patient><id value="p"/></Patient>',
        '<Patient xmlns="http://hl7.org/fhir"><id value="p"/><nickname value="Al"/></Patient>',
        JSON.stringify({ resourceType: 'Bundle', type: 'document', entry: [] }),
        JSON.stringify({
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [{ request: { method: 'DELETE', url: 'Condition/1' } }],
        }),
        'hello',
        // Escapes that decode to text no field takes: a NUL, and half of a surrogate pair.
        JSON.stringify({ resourceType: 'Patient', id: 'p', name: [{ family: 'Nul\u0000' }] }),
        '{"resourceType": "Patient", "id": "p", "name": [{"given": ["\\ud83d"]}]}',
        '<Patient xmlns="http://hl7.org/fhir"><id value="p"/><name><family value="B&#x7;ell"/></name></Patient>',
        // Nesting JSON.parse takes but the importer's walks would overflow the stack on.
        `{"resourceType":"Patient","id":"p","extension":${'[{"extension":'.repeat(50_000)}[]${'}]'.repeat(50_000)}}`,
        `<Patient xmlns="http://hl7.org/fhir">${'<extension url="x">'.repeat(5000)}${'</extension>'.repeat(5000)}</Patient>`,
      ].map(async (text) => (await m.run([{ text }])).problems.map((p) => p.message).join('; ')),
    );
    expect(refusals).toEqual([
      expect.stringMatching(/^unreadable JSON/),
      expect.stringMatching(/ends before <\/Patient>/),
      expect.stringMatching(/not in the FHIR namespace/),
      expect.stringMatching(/not part of FHIR R4 where they appear: nickname/),
      expect.stringMatching(/a document Bundle cannot be imported/),
      expect.stringMatching(/DELETE requests are not supported/),
      expect.stringMatching(/neither JSON nor XML/),
      'text at Patient.name[0].family holds a control character (U+0000)',
      'text at Patient.name[0].given[0] is not valid Unicode (a lone surrogate)',
      'text at Patient.name[0].family holds a control character (U+0007)',
      expect.stringMatching(
        /^the document is nested deeper than 100 levels, at Patient\.extension\[0\]\.extension.*…$/,
      ),
      'the document is nested deeper than 100 levels',
    ]);
    expect(await m.dump()).toEqual(await memoryImporter().dump());
  });

  it('changes nothing when the same file is imported twice', async () => {
    const m = memoryImporter();
    const doc = {
      text: bundle('batch', [
        patient('p1', NHS, {
          generalPractitioner: [{ identifier: { system: SYSTEM.ods, value: 'E85001' } }],
        }),
        condition('c1', 'Patient/p1'),
        // No id: its store id comes from its identifier, the same every time.
        {
          ...condition('ignored', 'Patient/p1'),
          id: undefined,
          identifier: [{ system: 'https://gp.example/id', value: '42' }],
        },
        {
          resourceType: 'Observation',
          status: 'final',
          code: { coding: [{ system: SYSTEM.loinc, code: '29463-7', display: 'Body weight' }] },
          subject: { reference: 'Patient/p1' },
          effectiveDateTime: '2026-03-01T09:30:00Z',
          valueQuantity: { value: 72.5, unit: 'kg' },
        },
      ]),
    };
    await m.run([doc]);
    const first = await m.dump();
    expect(first.patients).toMatchObject([{ registeredPractice: 'E85001' }]);
    expect(first.observations).toMatchObject([{ value: '72.5 kg', effective: '2026-03-01T09:30:00.000Z' }]);
    await m.run([doc]);
    expect(await m.dump()).toEqual(first);
  });

  it('refuses a document over 5 MB before reading it', async () => {
    const importFhir = fhirResolvers({} as never).Mutation.importFhir as unknown as (
      root: unknown,
      args: { document: string },
      ctx: unknown,
    ) => Promise<unknown>;
    const error = await importFhir({}, { document: 'x'.repeat(MAX_DOCUMENT_BYTES + 1) }, {}).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions.code).toBe(ErrorCode.BAD_USER_INPUT);
  });
});
