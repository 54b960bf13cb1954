import {
  ageAt,
  orgName,
  rngFor,
  shiftIsoDate,
  type Population,
  type Rng,
  type StaffMember,
  type SyntheticPerson,
} from '@care/common';
import type {
  AssessmentDoc,
  CaseNoteDoc,
  CaseStatus,
  ChildProtectionDoc,
  ClientDoc,
  SafeguardingAlertDoc,
  ServiceDoc,
  WorkerDoc,
} from '../store/port';
import * as cat from './catalogue';
import { deriveContacts } from './contacts';
import { notAfter, round2, timestampOn } from './dates';
import { deriveCaseNotes } from './notes';

export interface ClientRecords {
  client: ClientDoc;
  assessments: AssessmentDoc[];
  services: ServiceDoc[];
  caseNotes: CaseNoteDoc[];
}

/** Everything derived for one person, with what later steps (notes, status) need to know. */
interface Draft {
  rng: Rng;
  person: SyntheticPerson;
  today: string;
  age: number;
  has: (s: SyntheticPerson['situations'][number]) => boolean;
  own: { clientId: string; nhsNumber: string | null };
  nextId: (prefix: string) => string;
  assessments: AssessmentDoc[];
  services: ServiceDoc[];
}

const CHILD_PROTECTION_SITUATIONS = ['cp_plan', 'looked_after', 'unborn_plan'] as const;

function childProtection(d: Draft): ChildProtectionDoc | null {
  const { rng, today, has } = d;
  if (d.age >= 18 && !CHILD_PROTECTION_SITUATIONS.some(has)) return null;
  const cp: ChildProtectionDoc = {
    onPlan: false,
    category: null,
    planStart: null,
    planEnd: null,
    lookedAfter: false,
    lookedAfterSince: null,
    unbornChildPlan: false,
    expectedDeliveryDate: null,
  };
  const daysOld = Math.max(
    1,
    Math.round((Date.parse(today) - Date.parse(d.person.dateOfBirth)) / 86_400_000),
  );
  if (has('cp_plan')) {
    cp.onPlan = true;
    cp.category = rng.weighted(cat.CP_CATEGORIES);
    cp.planStart = rng.daysBefore(today, 14, Math.min(540, daysOld));
  } else if (d.age < 18 && daysOld > 400 && rng.chance(0.1)) {
    // A child whose earlier plan ended: the history matters to A&E as much as a current plan.
    cp.category = rng.weighted(cat.CP_CATEGORIES);
    cp.planStart = rng.daysBefore(today, 200, Math.min(1400, daysOld));
    cp.planEnd = notAfter(shiftIsoDate(cp.planStart, rng.int(180, 500)), shiftIsoDate(today, -30));
  }
  if (has('looked_after')) {
    cp.lookedAfter = true;
    cp.lookedAfterSince = rng.daysBefore(today, 30, Math.max(30, Math.min(2500, daysOld)));
  }
  if (has('unborn_plan')) {
    cp.unbornChildPlan = true;
    cp.expectedDeliveryDate = shiftIsoDate(today, rng.int(14, 180));
  }
  return cp;
}

function assessment(
  d: Draft,
  kind: AssessmentDoc['kind'],
  status: AssessmentDoc['status'],
  startedOn: string,
  outcome: string | null,
): AssessmentDoc {
  const completedOn =
    status === 'complete' ? notAfter(shiftIsoDate(startedOn, d.rng.int(7, 42)), d.today) : null;
  const _id = d.nextId('A');
  const doc: AssessmentDoc = {
    _id,
    id: _id,
    ...d.own,
    kind,
    status,
    startedOn,
    completedOn,
    outcome: status === 'complete' ? outcome : null,
  };
  d.assessments.push(doc);
  return doc;
}

function service(
  d: Draft,
  s: Omit<ServiceDoc, '_id' | 'id' | 'clientId' | 'nhsNumber' | 'endDate' | 'hoursPerWeek' | 'weeklyCost'> &
    Partial<Pick<ServiceDoc, 'endDate' | 'hoursPerWeek' | 'weeklyCost'>>,
): ServiceDoc {
  const _id = d.nextId('S');
  const doc: ServiceDoc = {
    _id,
    id: _id,
    ...d.own,
    endDate: null,
    hoursPerWeek: null,
    weeklyCost: null,
    ...s,
  };
  d.services.push(doc);
  return doc;
}

/**
 * Care and support (Care Act) assessments and services, consistent with the person's situations:
 * adults, and the older disabled children whose transition to adult services has begun.
 */
function careAndSupport(d: Draft, carers: number): void {
  const { rng, today, has } = d;
  const needsCare = has('frail_elderly') || has('dementia') || has('end_of_life');
  const assessed = needsCare || has('learning_disability') || has('home_care') || has('delayed_discharge');
  const older = d.age >= 65;

  if (!assessed && !has('adaptation')) {
    if (rng.chance(0.5))
      assessment(d, 'NEEDS', 'complete', rng.daysBefore(today, 90, 1500), cat.NO_NEEDS_OUTCOME);
    return;
  }
  const needs = assessed
    ? assessment(d, 'NEEDS', 'complete', rng.daysBefore(today, 60, 1200), rng.pick(cat.NEEDS_OUTCOMES))
    : null;
  const afterNeeds = (min: number, max: number) =>
    notAfter(shiftIsoDate(needs?.completedOn ?? rng.daysBefore(today, 30, 600), rng.int(min, max)), today);

  if (has('home_care')) {
    const heavy = has('dementia') || has('end_of_life');
    const plans = heavy ? cat.HOME_CARE_PLANS.slice(2) : cat.HOME_CARE_PLANS.slice(0, 3);
    const [description, hoursPerWeek] = rng.pick(plans);
    const weeklyCost = round2(hoursPerWeek * cat.HOME_CARE_RATE);
    const start = afterNeeds(3, 14);
    assessment(
      d,
      'FINANCIAL',
      'complete',
      start,
      cat.FINANCIAL_OUTCOME(round2((weeklyCost * rng.int(0, 60)) / 100)),
    );
    service(d, {
      kind: 'HOME_CARE',
      description,
      provider: rng.pick(cat.HOME_CARE_PROVIDERS),
      startDate: start,
      hoursPerWeek,
      weeklyCost,
      status: 'active',
    });
  } else if (has('frail_elderly') && rng.chance(0.3)) {
    // Known to be frail but not yet assessed for a package: the assessment is booked.
    assessment(d, 'NEEDS', 'booked', shiftIsoDate(today, rng.int(3, 21)), null);
  }

  if (has('adaptation')) {
    const ot = assessment(
      d,
      'OCCUPATIONAL_THERAPY',
      'complete',
      rng.daysBefore(today, 60, 900),
      rng.pick(cat.OT_OUTCOMES),
    );
    service(d, {
      kind: 'ADAPTATION',
      description: rng.chance(0.35) ? cat.ADAPTATIONS[0] : rng.pick(cat.ADAPTATIONS),
      provider: `${orgName(d.person.borough)} Home Improvement Agency`,
      startDate: notAfter(shiftIsoDate(ot.completedOn ?? today, rng.int(14, 70)), today),
      status: 'active',
    });
  }
  if (has('frail_elderly') && rng.chance(0.4)) {
    service(d, {
      kind: 'EQUIPMENT',
      description: rng.pick(cat.EQUIPMENT),
      provider: 'Community Equipment Service',
      startDate: afterNeeds(1, 30),
      status: 'active',
    });
  }
  if (has('dementia') && d.age >= 80 && !has('home_care') && rng.chance(0.35)) {
    service(d, {
      kind: 'RESIDENTIAL',
      description: `Residential dementia care at ${rng.pick(cat.CARE_HOMES)}`,
      provider: rng.pick(cat.CARE_HOMES),
      startDate: afterNeeds(10, 60),
      weeklyCost: rng.int(1100, 1650),
      status: 'active',
    });
  } else if ((has('dementia') && rng.chance(0.25)) || (has('learning_disability') && rng.chance(0.5))) {
    const description = has('dementia')
      ? cat.DAY_CENTRES[1]
      : rng.pick([cat.DAY_CENTRES[0], cat.DAY_CENTRES[2]]);
    service(d, {
      kind: 'DAY_CARE',
      description,
      provider: `${orgName(d.person.borough)} Council`,
      startDate: afterNeeds(7, 60),
      weeklyCost: rng.int(90, 260),
      status: 'active',
    });
  }
  if (older && has('frail_elderly') && rng.chance(0.15)) {
    service(d, {
      kind: 'MEALS',
      description: 'Hot lunch delivered daily',
      provider: rng.pick(cat.MEALS_PROVIDERS),
      startDate: afterNeeds(1, 20),
      weeklyCost: 38.5,
      status: 'active',
    });
  }
  if (older && needsCare && rng.chance(0.3)) {
    const start = rng.daysBefore(today, 200, 900);
    service(d, {
      kind: 'REABLEMENT',
      description: 'Six weeks of reablement after a hospital stay',
      provider: `${orgName(d.person.borough)} Reablement Team`,
      startDate: start,
      endDate: shiftIsoDate(start, 42),
      hoursPerWeek: 7,
      status: 'ended',
    });
  }
  if (has('delayed_discharge')) {
    // Medically fit but still in hospital: the package that would let them go home is not in place.
    assessment(d, 'NEEDS', 'in_progress', rng.daysBefore(today, 2, 10), null);
    const placement = d.age >= 80 && rng.chance(0.4);
    service(d, {
      kind: placement ? 'RESIDENTIAL' : 'REABLEMENT',
      description: placement
        ? 'Interim care home placement on discharge, awaiting a bed'
        : 'Reablement package on discharge from hospital, awaiting provider capacity',
      provider: placement ? rng.pick(cat.CARE_HOMES) : `${orgName(d.person.borough)} Reablement Team`,
      startDate: shiftIsoDate(today, rng.int(2, 14)),
      hoursPerWeek: placement ? null : 10.5,
      status: 'planned',
    });
  }
  if (carers > 0 && rng.chance(0.4)) {
    const carer = assessment(
      d,
      'CARER',
      'complete',
      rng.daysBefore(today, 30, 700),
      "Carer's needs eligible: regular breaks",
    );
    service(d, {
      kind: 'CARER_SUPPORT',
      description: "Carer's break: four hours of sitting service a week",
      provider: 'Carers Network',
      startDate: notAfter(shiftIsoDate(carer.completedOn ?? today, rng.int(7, 30)), today),
      hoursPerWeek: 4,
      weeklyCost: round2(4 * cat.HOME_CARE_RATE),
      status: 'active',
    });
  }
}

/** Children's and expectant mothers' assessments. */
function childrensCare(d: Draft, cp: ChildProtectionDoc | null): void {
  const { rng, today, has } = d;
  if (cp?.onPlan && cp.planStart) {
    const label = (cp.category ?? 'NEGLECT').toLowerCase().replace('_', ' ');
    assessment(
      d,
      'CHILD_AND_FAMILY',
      'complete',
      shiftIsoDate(cp.planStart, -rng.int(20, 45)),
      `Section 47 enquiry; initial child protection conference agreed a plan under ${label}`,
    );
  }
  if (cp?.lookedAfter && cp.lookedAfterSince) {
    assessment(
      d,
      'CHILD_AND_FAMILY',
      'complete',
      shiftIsoDate(cp.lookedAfterSince, -rng.int(10, 40)),
      'Accommodated by the local authority; care plan agreed at the first looked-after review',
    );
  }
  if (has('unborn_plan')) {
    assessment(d, 'CHILD_AND_FAMILY', 'in_progress', rng.daysBefore(today, 14, 60), null);
  }
  if (d.age < 18 && !CHILD_PROTECTION_SITUATIONS.some(has)) {
    assessment(
      d,
      'CHILD_AND_FAMILY',
      'complete',
      rng.daysBefore(today, 60, 1000),
      rng.pick([
        'Child in need plan: family support worker allocated',
        'No further action; early help offered',
      ]),
    );
  }
}

function safeguarding(d: Draft, nextId: () => string): SafeguardingAlertDoc[] {
  const { rng, today, has } = d;
  if (d.age < 18) return [];
  const chance = has('dementia')
    ? 0.15
    : has('learning_disability')
      ? 0.1
      : has('frail_elderly')
        ? 0.08
        : 0.03;
  if (!rng.chance(chance)) return [];
  const raisedOn = rng.daysBefore(today, 3, 700);
  const recent = raisedOn >= shiftIsoDate(today, -60);
  return [
    {
      id: nextId(),
      raisedOn,
      concern: rng.weighted(cat.ADULT_SAFEGUARDING_CONCERNS),
      status: recent || rng.chance(0.1) ? 'open' : 'closed',
    },
  ];
}

function caseStatus(d: Draft, allocated: boolean): CaseStatus {
  const { rng, has } = d;
  const pressing = has('delayed_discharge') || CHILD_PROTECTION_SITUATIONS.some(has);
  if (allocated)
    return !pressing && (has('home_care') || has('adaptation')) && rng.chance(0.3) ? 'REVIEW' : 'ALLOCATED';
  if (pressing) return 'AWAITING_ALLOCATION';
  // A care package in place is reviewed even when nobody holds the case.
  if (d.services.some((s) => s.status === 'active')) return 'REVIEW';
  return rng.weighted([
    ['REVIEW', 40],
    ['CLOSED', 35],
    ['AWAITING_ALLOCATION', 25],
  ] as const);
}

const workerDoc = (w: StaffMember): WorkerDoc => ({
  id: w.id,
  name: w.name,
  team: w.team,
  phone: w.phone,
  email: w.email,
});

/** The social care record of one person known to social care; null for anyone else. */
export function deriveClient(
  person: SyntheticPerson,
  population: Population,
  staff: ReadonlyMap<string, StaffMember>,
): ClientRecords | null {
  if (!person.knownTo.socialCare || !person.socialCareClientId) return null;
  const clientId = person.socialCareClientId;
  const rng = rngFor(population.seed, `social-care:${person.nhsNumber ?? clientId}`);
  const counters = new Map<string, number>();
  const situations = new Set(person.situations);
  const d: Draft = {
    rng,
    person,
    today: population.today,
    age: ageAt(person.dateOfBirth, population.today),
    has: (s) => situations.has(s),
    own: { clientId, nhsNumber: person.nhsNumber },
    nextId: (prefix) => {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${clientId}-${prefix}${n}`;
    },
    assessments: [],
    services: [],
  };
  const worker = person.allocatedWorker ? staff.get(person.allocatedWorker) : undefined;
  const needsCare = d.has('frail_elderly') || d.has('dementia') || d.has('end_of_life') || d.has('home_care');
  const contacts = deriveContacts(
    rng,
    person,
    {
      age: d.age,
      needsCare,
      lookedAfter: d.has('looked_after'),
      learningDisability: d.has('learning_disability'),
    },
    () => d.nextId('K'),
  );
  const cp = childProtection(d);
  const transition = d.has('home_care') || d.has('adaptation') || d.has('learning_disability');
  if (d.age >= 18 || transition) careAndSupport(d, contacts.filter((c) => c.isCarer).length);
  childrensCare(d, cp);
  const safeguardingAlerts = safeguarding(d, () => d.nextId('G'));
  const status = caseStatus(d, worker !== undefined);
  const caseNotes = deriveCaseNotes(rng, {
    today: d.today,
    own: d.own,
    author: worker?.name ?? null,
    caseStatus: status,
    situations,
    nextId: () => d.nextId('N'),
  });
  const updatedAt =
    caseNotes[0]?.writtenAt ??
    timestampOn(
      rng,
      status === 'CLOSED' ? rng.daysBefore(d.today, 90, 900) : rng.daysBefore(d.today, 1, 200),
    );

  const client: ClientDoc = {
    _id: clientId,
    clientId,
    nhsNumber: person.nhsNumber,
    borough: person.borough,
    givenName: person.givenName,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth,
    caseStatus: status,
    allocatedWorker: worker ? workerDoc(worker) : null,
    childProtection: cp,
    contacts,
    safeguardingAlerts,
    updatedAt,
  };
  const byDateDesc =
    <T>(date: (t: T) => string) =>
    (a: T, b: T) =>
      date(a) < date(b) ? 1 : date(a) > date(b) ? -1 : 0;
  return {
    client,
    assessments: d.assessments.sort(byDateDesc((a) => a.startedOn)),
    services: d.services.sort(byDateDesc((s) => s.startDate)),
    caseNotes,
  };
}
