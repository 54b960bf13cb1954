import { computeHealthFlags, delayedDays } from './health-flags';
import { GP, HealthHarness, putPatient, SOCIAL_WORKER, testNhs } from './testing/fixtures';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const IN_HOSPITAL = testNhs(201);
const QUIET = testNhs(202);
const MISLABELLED = testNhs(203);

const FLAGS = `healthFlags {
  fallsRisk dementia learningDisability endOfLife recentAeAttendance
  currentAdmission { hospital admittedAt expectedDischargeDate delayedDays }
}`;

describe('delayedDays', () => {
  it('counts whole days past the planned discharge date, never below zero', () => {
    expect(delayedDays('2026-11-15', NOW)).toBe(7);
    expect(delayedDays('2026-11-22', NOW)).toBe(0);
    expect(delayedDays('2026-11-21', new Date('2026-11-21T23:59:59.000Z'))).toBe(0);
    expect(delayedDays('2026-11-21', new Date('2026-11-22T00:00:00.000Z'))).toBe(1);
    expect(delayedDays('2026-12-01', NOW)).toBe(0);
    expect(delayedDays(null, NOW)).toBeNull();
    expect(delayedDays('not a date', NOW)).toBeNull();
  });
});

describe('computeHealthFlags', () => {
  it('takes the newest in-progress admission and the newest recent attendance, whatever the order', () => {
    const flags = computeHealthFlags(
      {
        nhsNumber: '9990000018',
        flags: [{ kind: 'END_OF_LIFE' }],
        encounters: [
          {
            kind: 'AE_ATTENDANCE',
            status: 'finished',
            start: '2026-11-01T10:00:00.000Z',
            hospital: 'A',
            expectedDischargeDate: null,
          },
          {
            kind: 'AE_ATTENDANCE',
            status: 'finished',
            start: '2026-11-20T10:00:00.000Z',
            hospital: 'A',
            expectedDischargeDate: null,
          },
          // After "now" (a clock set in the past): not an attendance that has happened yet.
          {
            kind: 'AE_ATTENDANCE',
            status: 'finished',
            start: '2026-11-23T10:00:00.000Z',
            hospital: 'A',
            expectedDischargeDate: null,
          },
          {
            kind: 'ADMISSION',
            status: 'in-progress',
            start: '2026-11-18T10:00:00.000Z',
            hospital: 'B',
            expectedDischargeDate: null,
          },
        ],
      },
      NOW,
    );
    expect(flags).toMatchObject({
      endOfLife: true,
      fallsRisk: false,
      recentAeAttendance: '2026-11-20T10:00:00.000Z',
      currentAdmission: {
        hospital: 'B',
        admittedAt: '2026-11-18T10:00:00.000Z',
        expectedDischargeDate: null,
        delayedDays: 0,
      },
    });
  });
});

describe('Person.healthFlags against the request clock', () => {
  let early: HealthHarness;
  let late: HealthHarness;

  const seed = async (h: HealthHarness) => {
    await putPatient(
      h.health,
      IN_HOSPITAL,
      {},
      {
        flags: [
          { kind: 'FALLS_RISK' },
          { kind: 'LEARNING_DISABILITY', status: 'inactive' },
          { kind: 'DEMENTIA', status: 'entered-in-error' },
          { kind: 'END_OF_LIFE' },
        ],
        encounters: [
          { kind: 'AE_ATTENDANCE', start: '2026-10-20T10:00:00.000Z' },
          { kind: 'AE_ATTENDANCE', start: '2026-11-12T03:00:00.000Z' },
          {
            kind: 'ADMISSION',
            status: 'in-progress',
            hospital: 'Hammersmith Hospital',
            start: '2026-11-12T09:30:00.000Z',
            end: null,
            expectedDischargeDate: '2026-11-15',
          },
          {
            kind: 'ADMISSION',
            status: 'finished',
            start: '2026-03-01T09:00:00.000Z',
            expectedDischargeDate: '2026-03-05',
          },
        ],
      },
    );
    await putPatient(
      h.health,
      QUIET,
      {},
      { encounters: [{ kind: 'AE_ATTENDANCE', start: '2026-10-22T11:59:00.000Z' }] },
    );
    await putPatient(
      h.health,
      MISLABELLED,
      {},
      {
        flags: [{ kind: 'DEMENTIA', status: 'entered-in-error' }],
        encounters: [
          { kind: 'AE_ATTENDANCE', start: '2026-11-20T10:00:00.000Z', status: 'entered-in-error' },
          {
            kind: 'ADMISSION',
            status: 'entered-in-error',
            start: '2026-11-20T10:00:00.000Z',
            expectedDischargeDate: '2026-11-01',
          },
        ],
      },
    );
    for (const nhsNumber of [IN_HOSPITAL, QUIET, MISLABELLED]) {
      h.gw.governance.setFacts({ nhsNumber, gpPractice: 'E85001', borough: 'E09000013' });
    }
  };

  beforeAll(async () => {
    early = await HealthHarness.start(() => NOW);
    late = await HealthHarness.start(() => new Date('2026-12-20T08:00:00.000Z'));
    await seed(early);
    await seed(late);
  });
  afterAll(async () => {
    await early.stop();
    await late.stop();
  });

  it('computes the flags social care sees from active flags and encounters', async () => {
    const { body } = await early.entities(SOCIAL_WORKER, [IN_HOSPITAL, QUIET, MISLABELLED], FLAGS);
    expect(body.errors).toBeUndefined();
    const [inHospital, quiet, mislabelled] = (body.data?._entities as { healthFlags: unknown }[]).map(
      (p) => p.healthFlags,
    );
    expect(inHospital).toEqual({
      fallsRisk: true,
      dementia: false,
      learningDisability: false,
      endOfLife: true,
      recentAeAttendance: '2026-11-12T03:00:00.000Z',
      currentAdmission: {
        hospital: 'Hammersmith Hospital',
        admittedAt: '2026-11-12T09:30:00.000Z',
        expectedDischargeDate: '2026-11-15',
        delayedDays: 7,
      },
    });
    // 31 days and a minute before now: no longer recent.
    expect(quiet).toMatchObject({ fallsRisk: false, recentAeAttendance: null, currentAdmission: null });
    // Entries entered in error count for nothing.
    expect(mislabelled).toMatchObject({ dementia: false, recentAeAttendance: null, currentAdmission: null });
  });

  it('moves with the injected clock, not the machine clock', async () => {
    const { body } = await late.entities(SOCIAL_WORKER, [IN_HOSPITAL], FLAGS);
    const flags = (body.data?._entities as { healthFlags: Record<string, unknown> }[])[0].healthFlags;
    expect(flags.recentAeAttendance).toBeNull();
    expect(flags.currentAdmission).toMatchObject({ delayedDays: 35 });
  });

  it('gives Encounter.delayedDays for admissions in progress only', async () => {
    const { body } = await early.entities(
      GP,
      [IN_HOSPITAL],
      'health { encounters { kind status delayedDays } }',
    );
    expect(body.errors).toBeUndefined();
    const encounters = (body.data?._entities as { health: { encounters: unknown[] } }[])[0].health.encounters;
    expect(encounters).toEqual([
      { kind: 'ADMISSION', status: 'in-progress', delayedDays: 7 },
      { kind: 'AE_ATTENDANCE', status: 'finished', delayedDays: null },
      { kind: 'AE_ATTENDANCE', status: 'finished', delayedDays: null },
      { kind: 'ADMISSION', status: 'finished', delayedDays: null },
    ]);
  });

  it('computes delayedDays even when only delayedDays is selected', async () => {
    const { body } = await late.entities(GP, [IN_HOSPITAL], 'health { encounters { delayedDays } }');
    const encounters = (body.data?._entities as { health: { encounters: unknown[] } }[])[0].health.encounters;
    expect(encounters[0]).toEqual({ delayedDays: 35 });
  });
});
