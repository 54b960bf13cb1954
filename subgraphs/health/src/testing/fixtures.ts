/** Test support for the health subgraph: NHS numbers, documents, a policy and a running service. */
import {
  NedbStore,
  nhsCheckDigit,
  type Listening,
  type PolicyDocument,
  type SubgraphService,
} from '@care/common';
import { grantAll, TestGateway, type TestViewer } from '@care/common/src/testing';
import { Kind, parse } from 'graphql';
import { createHealthSubgraph, HEALTH_SCHEMA } from '../index';
import { HealthDocStore } from '../store/doc-store';
import type {
  AllergyDoc,
  ConditionDoc,
  EncounterDoc,
  FlagDoc,
  MedicationDoc,
  ObservationDoc,
  PatientDoc,
} from '../store/port';

/** The n-th valid test-range NHS number (999…), skipping prefixes with no valid check digit. */
export function testNhs(n: number): string {
  for (let i = n; ; i += 100_000) {
    const firstNine = `999${String(i).padStart(6, '0')}`;
    const check = nhsCheckDigit(firstNine);
    if (check !== null) return `${firstNine}${check}`;
  }
}

/** Every `Type.field` of the health schema's object types, Query included. */
export const ALL_COORDINATES: string[] = parse(HEALTH_SCHEMA).definitions.flatMap((d) =>
  d.kind === Kind.OBJECT_TYPE_DEFINITION
    ? (d.fields ?? []).map((f) => `${d.name.value}.${f.name.value}`)
    : [],
);

/** The seeded policy for the health subgraph's coordinates, as the final report proposes it. */
export function seededPolicy(): PolicyDocument {
  const clinical = ALL_COORDINATES.filter((c) => !c.startsWith('Query.'));
  const socialCare = [
    'Person.healthFlags',
    'HealthFlags.fallsRisk',
    'HealthFlags.dementia',
    'HealthFlags.learningDisability',
    'HealthFlags.endOfLife',
    'HealthFlags.recentAeAttendance',
    'HealthFlags.currentAdmission',
    'AdmissionSummary.hospital',
    'AdmissionSummary.admittedAt',
    'AdmissionSummary.expectedDischargeDate',
    'AdmissionSummary.delayedDays',
    'Person.health',
    'HealthRecord.registeredPractice',
    'GpPractice.odsCode',
    'GpPractice.name',
    'GpPractice.phone',
    'HealthRecord.encounters',
    'Encounter.kind',
    'Encounter.hospital',
    'Encounter.start',
    'Encounter.end',
    'Encounter.expectedDischargeDate',
    'Encounter.status',
    'Encounter.delayedDays',
  ];
  const health = grantAll(clinical, ['gp', 'ae_clinician', 'cp_nurse'], 'related');
  const social = grantAll(socialCare, ['social_worker', 'financial_officer'], 'related');
  const fields = { ...health.fields };
  for (const [c, p] of Object.entries(social.fields)) {
    fields[c] = { cells: { ...fields[c]?.cells, ...p.cells } };
  }
  fields['Query.practicePatients'] = { cells: { gp: { access: 'any' } } };
  return { fields };
}

export interface PatientSections {
  conditions?: Partial<ConditionDoc>[];
  medications?: Partial<MedicationDoc>[];
  allergies?: Partial<AllergyDoc>[];
  encounters?: Partial<EncounterDoc>[];
  flags?: Partial<FlagDoc>[];
  observations?: Partial<ObservationDoc>[];
}

const entry = (nhsNumber: string, prefix: string, i: number) => {
  const id = `${prefix}-${nhsNumber}-${i + 1}`;
  return { _id: id, id, nhsNumber, source: 'GP' };
};

/** Writes a patient and their section entries, filling every field the test does not care about. */
export async function putPatient(
  store: HealthDocStore,
  nhsNumber: string,
  patient: Partial<PatientDoc> = {},
  sections: PatientSections = {},
): Promise<void> {
  await store.putPatients([
    {
      _id: nhsNumber,
      nhsNumber,
      registeredPractice: 'E85001',
      demographics: {
        givenName: 'Ada',
        familyName: 'Okoro',
        dateOfBirth: '1941-03-02',
        sex: 'female',
        postcode: 'W12 9AA',
      },
      noKnownAllergies: false,
      source: 'GP',
      ...patient,
    },
  ]);
  await store.putConditions(
    (sections.conditions ?? []).map((c, i) => ({
      ...entry(nhsNumber, 'cond', i),
      code: '38341003',
      display: 'Hypertension',
      clinicalStatus: 'active',
      verificationStatus: 'confirmed',
      onset: '2015-01-01',
      ...c,
    })),
  );
  await store.putMedications(
    (sections.medications ?? []).map((m, i) => ({
      ...entry(nhsNumber, 'med', i),
      code: '319283006',
      display: 'Amlodipine 5mg tablets',
      dosage: 'One tablet once daily',
      status: 'active',
      start: '2015-02-01',
      ...m,
    })),
  );
  await store.putAllergies(
    (sections.allergies ?? []).map((a, i) => ({
      ...entry(nhsNumber, 'alg', i),
      code: '764146007',
      substance: 'Penicillin',
      reaction: 'Rash',
      criticality: 'low',
      clinicalStatus: 'active',
      verificationStatus: 'confirmed',
      recordedDate: '2010-05-05',
      ...a,
    })),
  );
  await store.putEncounters(
    (sections.encounters ?? []).map((e, i) => ({
      ...entry(nhsNumber, 'enc', i),
      kind: 'OUTPATIENT',
      hospital: 'Charing Cross Hospital',
      hospitalCode: 'RYJ',
      reason: 'Cardiology follow-up',
      start: '2026-01-10T10:00:00.000Z',
      end: '2026-01-10T10:30:00.000Z',
      expectedDischargeDate: null,
      status: 'finished',
      ...e,
    })),
  );
  await store.putFlags(
    (sections.flags ?? []).map((f, i) => ({
      ...entry(nhsNumber, 'flag', i),
      kind: 'FALLS_RISK',
      display: 'At risk of falls',
      since: '2025-01-01',
      status: 'active',
      ...f,
    })),
  );
  await store.putObservations(
    (sections.observations ?? []).map((o, i) => ({
      ...entry(nhsNumber, 'obs', i),
      code: '85354-9',
      display: 'Blood pressure',
      value: '128/82 mmHg',
      effective: '2026-03-01T09:30:00.000Z',
      status: 'final',
      ...o,
    })),
  );
}

/** A health subgraph over an in-memory store, listening on a free port, behind a test gateway. */
export class HealthHarness {
  private constructor(
    readonly gw: TestGateway,
    readonly store: NedbStore,
    readonly health: HealthDocStore,
    private readonly svc: SubgraphService,
    readonly http: Listening,
  ) {}

  static async start(clock?: () => Date, store = new NedbStore(null)): Promise<HealthHarness> {
    const gw = await TestGateway.create();
    gw.governance.policies.set(1, seededPolicy());
    const svc = await createHealthSubgraph(store, gw.runtime(clock));
    const http = await svc.listen(0);
    return new HealthHarness(gw, store, new HealthDocStore(store), svc, http);
  }

  call(viewer: TestViewer, query: string, variables: Record<string, unknown> = {}) {
    return this.gw.call(this.http.url, 'health', viewer, query, variables);
  }

  /** `_entities` for these NHS numbers. */
  entities(viewer: TestViewer, nhsNumbers: string[], selection: string) {
    const query = `query($r:[_Any!]!){ _entities(representations:$r){ ... on Person { nhsNumber ${selection} } } }`;
    return this.call(viewer, query, {
      r: nhsNumbers.map((nhsNumber) => ({ __typename: 'Person', nhsNumber })),
    });
  }

  stop(): Promise<void> {
    return this.svc.stop();
  }
}

export const GP = { role: 'gp', org: 'E85001' } as const satisfies TestViewer;
export const SOCIAL_WORKER = { role: 'social_worker', org: 'E09000013' } as const satisfies TestViewer;
