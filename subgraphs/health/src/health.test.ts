import type { GraphQLBody } from '@care/common/src/testing';
import { GP, HealthHarness, putPatient, SOCIAL_WORKER, testNhs } from './testing/fixtures';

const NHS = testNhs(1);
const UNREGISTERED = testNhs(2);
const UNKNOWN = testNhs(3);
const FAR = '2099-01-01T00:00:00.000Z';

type Json = Record<string, unknown>;
const entity = (body: GraphQLBody, i = 0) => (body.data?._entities as Json[])[i];
const errorAt = (body: GraphQLBody, path: string) => body.errors?.find((e) => e.path?.join('.') === path);

const RECORD = `health {
  registeredPractice { odsCode name phone }
  demographics { givenName familyName dateOfBirth sex postcode }
  noKnownAllergies
  conditions { id code display clinicalStatus onset source }
  medications { id display dosage status start }
  allergies { id substance reaction criticality clinicalStatus }
  encounters { id kind hospital hospitalCode reason start end expectedDischargeDate status }
  clinicalFlags { id kind display since }
  observations { id display value effective }
}`;

describe('health subgraph: the record through the shield', () => {
  let h: HealthHarness;

  beforeAll(async () => {
    h = await HealthHarness.start();
    await putPatient(
      h.health,
      NHS,
      {},
      {
        conditions: [
          { onset: '2012-04-01', display: 'Hypertension' },
          { onset: '2020-06-01', code: '44054006', display: 'Type 2 diabetes mellitus' },
          {
            onset: '2024-01-01',
            code: '46635009',
            display: 'Type 1 diabetes mellitus',
            verificationStatus: 'entered-in-error',
          },
        ],
        medications: [
          {},
          { display: 'Warfarin 1mg tablets', status: 'entered-in-error', start: '2026-01-01' },
        ],
        allergies: [{}, { substance: 'Peanut', verificationStatus: 'entered-in-error' }],
        encounters: [
          { start: '2025-03-01T10:00:00.000Z' },
          { kind: 'AE_ATTENDANCE', reason: 'Fall at home', start: '2026-02-01T22:15:00.000Z' },
          {
            kind: 'AE_ATTENDANCE',
            reason: 'Duplicate registration',
            start: '2026-02-02T08:00:00.000Z',
            status: 'entered-in-error',
          },
        ],
        flags: [
          {},
          { kind: 'DEMENTIA', display: 'Dementia', status: 'entered-in-error' },
          { kind: 'OTHER', display: 'Temporary resident', status: 'inactive' },
        ],
        observations: [
          { effective: '2025-01-01T09:00:00.000Z', value: '140/90 mmHg' },
          { effective: '2026-03-01T09:00:00.000Z', value: '128/82 mmHg' },
          { effective: '2026-03-02T09:00:00.000Z', value: '310/190 mmHg', status: 'entered-in-error' },
        ],
      },
    );
    await putPatient(h.health, UNREGISTERED, { registeredPractice: 'Y99999' });
    h.gw.governance.setFacts({ nhsNumber: NHS, gpPractice: 'E85001', borough: 'E09000013' });
    h.gw.governance.setFacts({ nhsNumber: UNREGISTERED, gpPractice: 'E85001', borough: 'E09000013' });
    h.gw.governance.setFacts({ nhsNumber: UNKNOWN, gpPractice: 'E85001', borough: 'E09000013' });
  });
  afterAll(() => h.stop());

  it('resolves the whole record for the registered GP', async () => {
    const { body } = await h.entities(GP, [NHS], RECORD);
    expect(body.errors).toBeUndefined();
    const health = entity(body).health as Json;
    expect(health.registeredPractice).toEqual({
      odsCode: 'E85001',
      name: 'Richford Gate Health Centre',
      phone: '020 8846 6400',
    });
    expect(health.demographics).toMatchObject({ givenName: 'Ada', familyName: 'Okoro', sex: 'female' });
    expect((health.medications as Json[])[0]).toMatchObject({
      display: 'Amlodipine 5mg tablets',
      status: 'active',
    });
  });

  it('never returns an entry entered in error, in any section', async () => {
    const { body } = await h.entities(GP, [NHS], RECORD);
    const health = entity(body).health as Record<string, Json[]>;
    expect(health.conditions.map((c) => c.display)).toEqual(['Type 2 diabetes mellitus', 'Hypertension']);
    expect(health.medications.map((m) => m.display)).toEqual(['Amlodipine 5mg tablets']);
    expect(health.allergies.map((a) => a.substance)).toEqual(['Penicillin']);
    expect(health.encounters.map((e) => e.reason)).toEqual(['Fall at home', 'Cardiology follow-up']);
    expect(health.observations.map((o) => o.value)).toEqual(['128/82 mmHg', '140/90 mmHg']);
    // Only active flags are flags: the one entered in error and the lifted one are both left out.
    expect(health.clinicalFlags.map((f) => f.kind)).toEqual(['FALLS_RISK']);
    expect(JSON.stringify(body)).not.toMatch(
      /entered-in-error|Duplicate registration|310\/190|Warfarin|Peanut/,
    );
  });

  it('lists each section newest first', async () => {
    const { body } = await h.entities(
      GP,
      [NHS],
      'health { encounters { start } observations { effective } }',
    );
    const health = entity(body).health as Record<string, Json[]>;
    const starts = health.encounters.map((e) => e.start as string);
    expect(starts).toEqual([...starts].sort().reverse());
  });

  it('names an unknown practice by its code', async () => {
    const { body } = await h.entities(
      GP,
      [UNREGISTERED],
      'health { registeredPractice { odsCode name phone } }',
    );
    expect((entity(body).health as Json).registeredPractice).toEqual({
      odsCode: 'Y99999',
      name: 'Y99999',
      phone: null,
    });
  });

  it('returns null for a person health does not know', async () => {
    const { body } = await h.entities(GP, [UNKNOWN], 'health { noKnownAllergies } healthFlags { fallsRisk }');
    expect(body.errors).toBeUndefined();
    expect(entity(body)).toEqual({ nhsNumber: UNKNOWN, health: null, healthFlags: null });
  });

  it('gives a social worker the flags and encounters but not the clinical detail', async () => {
    const { body } = await h.entities(
      SOCIAL_WORKER,
      [NHS],
      'healthFlags { fallsRisk } health { registeredPractice { name } conditions { display } encounters { kind reason } }',
    );
    const person = entity(body);
    expect(person.healthFlags).toEqual({ fallsRisk: true });
    const health = person.health as Json;
    expect(health.registeredPractice).toEqual({ name: 'Richford Gate Health Centre' });
    expect(health.conditions).toBeNull();
    expect(errorAt(body, '_entities.0.health.conditions')?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'role',
    });
    // Siblings on the same encounter still come back; only the reason is withheld.
    const encounters = health.encounters as Json[];
    expect(encounters.map((e) => e.kind)).toEqual(['AE_ATTENDANCE', 'OUTPATIENT']);
    expect(encounters.every((e) => e.reason === null)).toBe(true);
    expect(errorAt(body, '_entities.0.health.encounters.0.reason')?.extensions?.code).toBe('FORBIDDEN');
    const report = body.extensions?.careAccess as { persons: string[]; denied: { field: string }[] }[];
    const theirs = report.filter((g) => g.persons.includes(NHS));
    expect(theirs).toHaveLength(1);
    expect(theirs[0].denied.map((d) => d.field)).toEqual(
      expect.arrayContaining(['HealthRecord.conditions', 'Encounter.reason']),
    );
  });

  it('denies a GP of another practice (relationship)', async () => {
    const { body } = await h.entities({ role: 'gp', org: 'E85002' }, [NHS], 'health { noKnownAllergies }');
    expect(entity(body).health).toBeNull();
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'relationship' });
  });

  it('opens the record to A&E only while the person is declared present', async () => {
    const viewer = { role: 'ae_clinician', org: 'RYJ' } as const;
    const before = await h.entities(viewer, [NHS], 'health { noKnownAllergies }');
    expect(before.body.errors?.[0].extensions?.reason).toBe('relationship');
    h.gw.governance.setFacts({
      nhsNumber: NHS,
      gpPractice: 'E85001',
      borough: 'E09000013',
      presence: [{ holder: 'RYJ', until: FAR }],
    });
    // A new facts epoch, as declaring presence starts one.
    const after = await h.entities({ ...viewer, factsEpoch: 2 }, [NHS], 'health { noKnownAllergies }');
    expect(after.body.errors).toBeUndefined();
    expect(entity(after.body).health).toEqual({ noKnownAllergies: false });
  });

  it('denies roles with no health cells at all', async () => {
    for (const viewer of [
      { role: 'housing_officer', org: 'E09000013' },
      { role: 'manager', org: 'E09000013' },
    ] as const) {
      const { body } = await h.entities(
        viewer,
        [NHS],
        'health { noKnownAllergies } healthFlags { fallsRisk }',
      );
      expect(entity(body)).toEqual({ nhsNumber: NHS, health: null, healthFlags: null });
      expect(body.errors?.every((e) => e.extensions?.reason === 'role')).toBe(true);
    }
  });

  it('refuses a call with no signed context', async () => {
    const { status } = await h.gw.call(h.http.url, 'health', null, '{ __typename }');
    expect(status).toBe(401);
  });
});
