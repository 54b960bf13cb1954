/** Shared by this service's tests: a small borough of clients, and a subgraph running over it. */
import { NedbStore, nhsCheckDigit, type DocStore, type Listening, type SubgraphService } from '@care/common';
import { TestGateway } from '@care/common/src/testing';
import { createSocialCareSubgraph } from '../index';
import { SOCIAL_CARE_POLICY } from '../seeded-policy';
import { SocialCareDocStore } from '../store/doc-store';
import type { AssessmentDoc, CaseNoteDoc, ClientDoc, ServiceDoc, WorkerDoc } from '../store/port';

export const HF = 'E09000013';
export const KC = 'E09000020';
export const PRACTICE = 'E85001';
export const NOW = new Date('2026-11-22T10:00:00Z');

/** The i-th valid NHS number in the synthetic 999 range. */
export function nhs(i: number): string {
  for (let n = i * 10; ; n++) {
    const firstNine = `999${String(n).padStart(6, '0')}`;
    const check = nhsCheckDigit(firstNine);
    if (check !== null) return `${firstNine}${check}`;
  }
}

export const ADA = nhs(1);
export const BEN = nhs(2);
export const CARA = nhs(3);
export const DAN = nhs(4);

export const PATEL: WorkerDoc = {
  id: 'sw.patel',
  name: 'Asha Patel',
  team: 'Adults West',
  phone: '020 8753 0101',
  email: 'asha.patel@lbhf.example',
};

const client = (over: Partial<ClientDoc> & Pick<ClientDoc, 'clientId'>): ClientDoc => ({
  _id: over.clientId,
  nhsNumber: null,
  borough: HF,
  givenName: 'Test',
  familyName: 'Client',
  dateOfBirth: '1950-01-01',
  caseStatus: 'ALLOCATED',
  allocatedWorker: PATEL,
  childProtection: null,
  contacts: [],
  safeguardingAlerts: [],
  updatedAt: '2026-11-01T10:00:00.000Z',
  ...over,
});

/** Ada: an older woman with home care and rails, on Asha Patel's caseload. */
export const ADA_CLIENT = client({
  clientId: 'HF000001',
  nhsNumber: ADA,
  givenName: 'Ada',
  familyName: 'Okoro',
  dateOfBirth: '1941-03-02',
  updatedAt: '2026-11-20T09:00:00.000Z',
  contacts: [
    {
      id: 'K1',
      name: 'Grace Okoro',
      relationship: 'Daughter',
      phone: '07700 900123',
      isCarer: true,
      isEmergencyContact: true,
    },
  ],
  safeguardingAlerts: [{ id: 'G1', raisedOn: '2026-10-01', concern: 'Financial abuse', status: 'open' }],
});

/** Ben: a child on a plan, nobody allocated, so A&E is given the duty team. */
export const BEN_CLIENT = client({
  clientId: 'HF000002',
  nhsNumber: BEN,
  givenName: 'Ben',
  familyName: 'Hale',
  dateOfBirth: '2019-05-05',
  caseStatus: 'AWAITING_ALLOCATION',
  allocatedWorker: null,
  childProtection: {
    onPlan: true,
    category: 'NEGLECT',
    planStart: '2026-06-01',
    planEnd: null,
    lookedAfter: false,
    lookedAfterSince: null,
    unbornChildPlan: false,
    expectedDeliveryDate: null,
  },
});

/** Cara: a looked-after child on the caseload, last touched a while ago. */
export const CARA_CLIENT = client({
  clientId: 'HF000003',
  nhsNumber: CARA,
  givenName: 'Cara',
  familyName: 'Doyle',
  dateOfBirth: '2012-02-02',
  caseStatus: 'REVIEW',
  updatedAt: '2026-09-01T09:00:00.000Z',
  childProtection: {
    onPlan: false,
    category: null,
    planStart: null,
    planEnd: null,
    lookedAfter: true,
    lookedAfterSince: '2024-01-10',
    unbornChildPlan: false,
    expectedDeliveryDate: null,
  },
});

/** On the caseload but without an NHS number: held for matching, never listed. */
export const UNMATCHED_CLIENT = client({
  clientId: 'HF000004',
  givenName: 'Nomatch',
  updatedAt: '2026-11-21T09:00:00.000Z',
});

/** Dan: a client of Kensington & Chelsea. */
export const DAN_CLIENT = client({
  clientId: 'KC000001',
  nhsNumber: DAN,
  borough: KC,
  allocatedWorker: { ...PATEL, id: 'sw.kc', name: 'Kim Chen' },
});

const owned = (c: ClientDoc) => ({ clientId: c.clientId, nhsNumber: c.nhsNumber });

export function servicesFor(c: ClientDoc): ServiceDoc[] {
  const base = {
    ...owned(c),
    provider: 'Westway Home Care',
    endDate: null,
    hoursPerWeek: null,
    weeklyCost: null,
  };
  return [
    {
      ...base,
      _id: `${c.clientId}-S1`,
      id: `${c.clientId}-S1`,
      kind: 'REABLEMENT',
      description: 'Six weeks of reablement',
      startDate: '2025-01-01',
      endDate: '2025-02-12',
      status: 'ended',
    },
    {
      ...base,
      _id: `${c.clientId}-S2`,
      id: `${c.clientId}-S2`,
      kind: 'HOME_CARE',
      description: 'Two visits a day for personal care and meals',
      startDate: '2025-03-01',
      hoursPerWeek: 7,
      weeklyCost: 171.5,
      status: 'active',
    },
    {
      ...base,
      _id: `${c.clientId}-S3`,
      id: `${c.clientId}-S3`,
      kind: 'ADAPTATION',
      description: 'Grab rails fitted by front door',
      provider: 'Hammersmith & Fulham Home Improvement Agency',
      startDate: '2026-02-01',
      status: 'active',
    },
  ];
}

export function assessmentsFor(c: ClientDoc): AssessmentDoc[] {
  return [
    {
      ...owned(c),
      _id: `${c.clientId}-A1`,
      id: `${c.clientId}-A1`,
      kind: 'NEEDS',
      status: 'complete',
      startedOn: '2025-02-01',
      completedOn: '2025-02-20',
      outcome: 'Eligible needs: personal care and preparing meals',
    },
    {
      ...owned(c),
      _id: `${c.clientId}-A2`,
      id: `${c.clientId}-A2`,
      kind: 'OCCUPATIONAL_THERAPY',
      status: 'complete',
      startedOn: '2026-01-05',
      completedOn: '2026-01-20',
      outcome: 'Rails recommended',
    },
  ];
}

export function caseNotesFor(c: ClientDoc): CaseNoteDoc[] {
  return [
    {
      ...owned(c),
      _id: `${c.clientId}-N1`,
      id: `${c.clientId}-N1`,
      writtenAt: '2026-11-20T09:00:00.000Z',
      author: 'Asha Patel',
      text: 'Review visit: package meeting needs.',
    },
  ];
}

export async function putFullRecords(store: SocialCareDocStore, clients: ClientDoc[]): Promise<void> {
  await store.putClients(clients);
  await store.putServices(clients.flatMap(servicesFor));
  await store.putAssessments(clients.flatMap(assessmentsFor));
  await store.putCaseNotes(clients.flatMap(caseNotesFor));
}

export interface Harness {
  gw: TestGateway;
  svc: SubgraphService;
  http: Listening;
  docs: NedbStore;
  store: SocialCareDocStore;
  stop(): Promise<void>;
}

/**
 * A subgraph over an in-memory store holding Ada, Ben, Cara, Dan and an unmatched client, under the
 * seeded policy. `wrap` lets a test put itself between the service and the store.
 */
export async function startHarness(wrap: (docs: NedbStore) => DocStore = (d) => d): Promise<Harness> {
  const gw = await TestGateway.create();
  const docs = new NedbStore(null);
  const store = new SocialCareDocStore(docs);
  await putFullRecords(store, [ADA_CLIENT]);
  await store.putClients([BEN_CLIENT, CARA_CLIENT, UNMATCHED_CLIENT, DAN_CLIENT]);
  const svc = await createSocialCareSubgraph(
    wrap(docs),
    gw.runtime(() => NOW),
  );
  const http = await svc.listen(0);
  gw.governance.policies.set(1, SOCIAL_CARE_POLICY);
  for (const c of [ADA_CLIENT, BEN_CLIENT, CARA_CLIENT]) {
    gw.governance.setFacts({ nhsNumber: c.nhsNumber as string, borough: HF, gpPractice: PRACTICE });
  }
  gw.governance.setFacts({ nhsNumber: DAN, borough: KC, gpPractice: 'E85002' });
  return { gw, svc, http, docs, store, stop: () => svc.stop() };
}
