import { GP, HealthHarness, putPatient, testNhs } from './testing/fixtures';

const PEOPLE = Array.from({ length: 50 }, (_, i) => testNhs(100 + i));

/** Every section of the record, and the flags, so each loader is exercised. */
const EVERYTHING = `
  healthFlags {
    fallsRisk dementia learningDisability endOfLife recentAeAttendance
    currentAdmission { hospital admittedAt expectedDischargeDate delayedDays }
  }
  health {
    registeredPractice { odsCode name phone }
    demographics { givenName familyName dateOfBirth sex postcode }
    noKnownAllergies
    conditions { id code display clinicalStatus onset source }
    medications { id code display dosage status start }
    allergies { id code substance reaction criticality clinicalStatus }
    encounters { id kind hospital hospitalCode reason start end expectedDischargeDate status delayedDays }
    clinicalFlags { id kind display since }
    observations { id code display value effective }
  }`;

describe('health subgraph: batching', () => {
  let h: HealthHarness;

  beforeAll(async () => {
    h = await HealthHarness.start(() => new Date('2026-11-22T12:00:00.000Z'));
    for (const nhsNumber of PEOPLE) {
      await putPatient(
        h.health,
        nhsNumber,
        {},
        {
          conditions: [{}, {}],
          medications: [{}],
          allergies: [{}],
          encounters: [
            {},
            {
              kind: 'ADMISSION',
              status: 'in-progress',
              start: '2026-11-01T10:00:00.000Z',
              expectedDischargeDate: '2026-11-15',
            },
            { kind: 'AE_ATTENDANCE', start: '2026-11-12T03:00:00.000Z' },
          ],
          flags: [{}, { kind: 'DEMENTIA' }],
          observations: [{}],
        },
      );
      h.gw.governance.setFacts({ nhsNumber, gpPractice: GP.org });
    }
  });
  afterAll(() => h.stop());

  const readsFor = async (people: string[]) => {
    const before = h.store.stats.reads;
    const { body } = await h.entities(GP, people, EVERYTHING);
    expect(body.errors).toBeUndefined();
    expect((body.data?._entities as unknown[]).length).toBe(people.length);
    return h.store.stats.reads - before;
  };

  it('reads the store as many times for 50 people as for 5', async () => {
    const five = await readsFor(PEOPLE.slice(0, 5));
    const fifty = await readsFor(PEOPLE);
    expect(fifty).toBe(five);
    // The patient, six sections, and the flags' patients, flags and encounters.
    expect(fifty).toBe(10);
  });
});
