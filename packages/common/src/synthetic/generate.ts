/**
 * The synthetic borough: one deterministic population that every service seeds from, so the
 * social care, health and council records agree on who is who. Each stage draws from its own
 * named stream (rngFor) so tuning one stage does not reshuffle everything after it.
 */
import { nhsCheckDigit } from '../nhs-number';
import { pickAddress, pickName } from './names';
import type { Population, Situation, StaffMember, SyntheticPerson } from './population';
import { type Rng, rngFor } from './random';
import { BOROUGHS, GP_PRACTICES, HOME_BOROUGH, HOME_PRACTICE } from './reference';

export interface GenerateOptions {
  people?: number;
  seed?: number;
  /** ISO date the data is relative to. */
  today?: string;
  /** How many clients the demo social worker (sw.patel) holds. */
  caseloadSize?: number;
}

export const POPULATION_DEFAULTS = {
  people: 3000,
  seed: 20261122,
  today: '2026-11-22',
  caseloadSize: 30,
} as const;

const MAX_PEOPLE = 500_000;

/** The demo social worker: first of the home borough's social workers. */
export const DEMO_SOCIAL_WORKER: Omit<StaffMember, 'phone' | 'email'> = {
  id: 'sw.patel',
  name: 'Asha Patel',
  team: 'Adults West',
  borough: HOME_BOROUGH.code,
};

/** Social care client id prefix and (reserved .example) mail domain per borough. */
const BOROUGH_LOCAL: Readonly<Record<string, { prefix: string; mail: string }>> = {
  E09000013: { prefix: 'HF', mail: 'lbhf.example' },
  E09000020: { prefix: 'KC', mail: 'rbkc.example' },
  E09000009: { prefix: 'EA', mail: 'ealing.example' },
  E09000018: { prefix: 'HO', mail: 'hounslow.example' },
  E09000005: { prefix: 'BR', mail: 'brent.example' },
  E09000033: { prefix: 'WE', mail: 'westminster.example' },
};

// Roughly England's age structure: ~20% children, ~25% aged 65+, ~5% aged 85+.
const AGE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[0, 4], 6],
  [[5, 17], 14],
  [[18, 29], 16],
  [[30, 44], 20],
  [[45, 64], 19],
  [[65, 74], 11],
  [[75, 84], 9],
  [[85, 101], 5],
];

const BOROUGH_WEIGHTS = BOROUGHS.map(
  (b) => [b.code, b === HOME_BOROUGH ? 85 : 15 / (BOROUGHS.length - 1)] as const,
);

// Richford Gate is the demo GP's practice, so it holds a bigger list than the others (~30% overall).
const PRACTICE_WEIGHTS = GP_PRACTICES.map((p) => [p.code, p === HOME_PRACTICE ? 31 : 69 / 5] as const);

const SITUATION_ORDER: readonly Situation[] = [
  'cp_plan',
  'looked_after',
  'unborn_plan',
  'current_admission',
  'delayed_discharge',
  'recent_ae',
  'housing_benefit',
  'frail_elderly',
  'dementia',
  'learning_disability',
  'end_of_life',
  'home_care',
  'adaptation',
];

const HOME_TEAMS = [
  'Children North',
  'Adults East',
  'Hospital Discharge',
  'Children South',
  'Older People',
  'Adults West',
  'Learning Disabilities',
  'Children in Care',
  'Adults East',
];
const NEIGHBOUR_TEAMS = ['Adult Social Care', "Children's Services", 'Adult Social Care'];

interface Draft {
  person: SyntheticPerson;
  age: number;
  situations: Set<Situation>;
}

export function generatePopulation(opts: GenerateOptions = {}): Population {
  const count = opts.people ?? POPULATION_DEFAULTS.people;
  const seed = opts.seed ?? POPULATION_DEFAULTS.seed;
  const today = opts.today ?? POPULATION_DEFAULTS.today;
  const caseloadSize = opts.caseloadSize ?? POPULATION_DEFAULTS.caseloadSize;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) {
    throw new Error(`today must be an ISO date, got ${today}`);
  }
  // The 999 range holds about 909,000 valid numbers; beyond that unique issue would never finish.
  if (!Number.isInteger(count) || count < 0 || count > MAX_PEOPLE) {
    throw new Error(`people must be an integer from 0 to ${MAX_PEOPLE}, got ${count}`);
  }
  const drafts = makePeople(rngFor(seed, 'people'), count, today);
  assignRecords(rngFor(seed, 'records'), drafts);
  assignSituations(rngFor(seed, 'situations'), drafts);
  assignLocalIds(rngFor(seed, 'local-ids'), drafts);
  const socialWorkers = makeSocialWorkers(rngFor(seed, 'staff'));
  allocate(rngFor(seed, 'allocation'), drafts, socialWorkers, caseloadSize);
  const people = drafts.map(({ person, situations }) => ({
    ...person,
    situations: SITUATION_ORDER.filter((s) => situations.has(s)),
  }));
  return { seed, today, people, socialWorkers };
}

function makePeople(rng: Rng, count: number, today: string): Draft[] {
  const drafts: Draft[] = [];
  for (let i = 0; i < count; i++) {
    const sex = rng.chance(0.51) ? 'female' : 'male';
    const [lo, hi] = rng.weighted(AGE_BANDS);
    const age = rng.int(lo, hi);
    const dateOfBirth = rng.birthDateForAge(today, age);
    const borough = rng.weighted(BOROUGH_WEIGHTS);
    const name = pickName(rng, sex, Number(dateOfBirth.slice(0, 4)));
    const address = pickAddress(rng, borough);
    const gpPractice = rng.chance(0.03) ? null : rng.weighted(PRACTICE_WEIGHTS);
    const person: SyntheticPerson = {
      nhsNumber: null,
      ...name,
      dateOfBirth,
      sex,
      ...address,
      gpPractice,
      borough,
      knownTo: { socialCare: false, health: false, council: false },
      situations: [],
      socialCareClientId: null,
      councilId: null,
      allocatedWorker: null,
    };
    drafts.push({ person, age, situations: new Set() });
  }
  return drafts;
}

/** NHS numbers and which systems hold a record. Everyone is known to at least one system. */
function assignRecords(rng: Rng, drafts: Draft[]): void {
  const issued = new Set<string>();
  for (const { person, age } of drafts) {
    const knownTo = person.knownTo;
    // ~1% local records never had an NHS number captured; ~4% more are simply not on health records.
    const hasNhsNumber = !rng.chance(0.01);
    if (hasNhsNumber) person.nhsNumber = nextNhsNumber(rng, issued);
    if (hasNhsNumber && !rng.chance(0.042)) {
      knownTo.health = true;
      knownTo.socialCare = rng.chance(age < 18 ? 0.13 : age < 65 ? 0.2 : 0.45);
      knownTo.council = rng.chance(age < 18 ? 0.28 : 0.48);
    } else {
      const pattern = rng.weighted([
        ['socialCare', 35],
        ['council', 40],
        ['both', 25],
      ] as const);
      knownTo.socialCare = pattern !== 'council';
      knownTo.council = pattern !== 'socialCare';
    }
  }
}

/** A unique NHS number in the reserved test range 999 with a valid check digit. */
function nextNhsNumber(rng: Rng, issued: Set<string>): string {
  for (;;) {
    const firstNine = `999${rng.digits(6)}`;
    const check = nhsCheckDigit(firstNine);
    // Remainder 10 has no valid check digit, so such numbers are never issued.
    if (check === null) continue;
    const nhsNumber = `${firstNine}${check}`;
    if (issued.has(nhsNumber)) continue;
    issued.add(nhsNumber);
    return nhsNumber;
  }
}

/** Weighted sample without replacement (Efraimidis–Spirakis): larger weight, more likely chosen. */
function weightedSample<T>(rng: Rng, items: readonly T[], k: number, weight: (t: T) => number): T[] {
  return items
    .map((item) => ({ item, key: Math.log(rng.next()) / weight(item) }))
    .sort((a, b) => b.key - a.key)
    .slice(0, k)
    .map((x) => x.item);
}

function assignSituations(rng: Rng, drafts: Draft[]): void {
  const n = drafts.length;
  const tag = (d: Draft, s: Situation, socialCare = false): void => {
    d.situations.add(s);
    if (socialCare) d.person.knownTo.socialCare = true;
  };
  const free = (d: Draft): boolean => d.situations.size === 0;
  const withNhs = drafts.filter((d) => d.person.nhsNumber !== null);

  // Children's safeguarding: exact quotas, because demos and tests rely on there being some.
  const children = withNhs.filter((d) => d.age < 18);
  const cp = rng.shuffle(children).slice(0, Math.max(10, Math.round(children.length * 0.02)));
  cp.forEach((d) => tag(d, 'cp_plan', true));
  const lookedAfterCount = Math.max(4, Math.round(children.length * 0.007));
  rng
    .shuffle(children.filter(free))
    .slice(0, lookedAfterCount)
    .forEach((d) => tag(d, 'looked_after', true));
  const expectant = withNhs.filter(
    (d) => d.person.sex === 'female' && d.age >= 16 && d.age <= 40 && d.person.knownTo.health && free(d),
  );
  rng
    .shuffle(expectant)
    .slice(0, Math.max(3, Math.round(n * 0.001)))
    .forEach((d) => tag(d, 'unborn_plan', true));

  // Hospital activity: older people are admitted more and are the ones whose discharge is delayed.
  const health = drafts.filter((d) => d.person.knownTo.health);
  const ageWeight = (d: Draft): number => (d.age >= 85 ? 6 : d.age >= 65 ? 4 : d.age < 5 ? 1.5 : 1);
  const admitted = weightedSample(rng, health, Math.round(n * 0.015), ageWeight);
  admitted.forEach((d) => tag(d, 'current_admission'));
  const adultsAdmitted = admitted.filter((d) => d.age >= 18);
  // A delayed discharge is waiting on a care package or placement, so social care is involved.
  weightedSample(rng, adultsAdmitted, Math.round(admitted.length / 2), ageWeight).forEach((d) =>
    tag(d, 'delayed_discharge', true),
  );
  weightedSample(rng, health, Math.round(n * 0.04), ageWeight).forEach((d) => tag(d, 'recent_ae'));

  // Long-term conditions, from the health record; social care is often, not always, involved.
  for (const d of health) {
    const band = d.age >= 85 ? 2 : d.age >= 75 ? 1 : d.age >= 65 ? 0 : -1;
    if (band >= 0 && rng.chance([0.08, 0.28, 0.55][band])) tag(d, 'frail_elderly', rng.chance(0.5));
    if (band >= 0 && rng.chance([0.03, 0.1, 0.28][band])) tag(d, 'dementia', rng.chance(0.6));
    if (d.age >= 14 && rng.chance(0.008)) tag(d, 'learning_disability', rng.chance(0.6));
    if (rng.chance(band >= 2 ? 0.06 : band >= 0 ? 0.02 : d.age >= 18 ? 0.002 : 0)) {
      tag(d, 'end_of_life', rng.chance(0.5));
    }
  }

  // Services social care provides: only for people it knows.
  for (const d of drafts) {
    if (!d.person.knownTo.socialCare) continue;
    const s = d.situations;
    const needsCare = s.has('frail_elderly') || s.has('dementia') || s.has('end_of_life');
    const ld = s.has('learning_disability');
    const older = d.age >= 65;
    const adult = d.age >= 18;
    if (rng.chance(needsCare ? 0.55 : ld ? 0.35 : older ? 0.12 : adult ? 0.02 : 0)) tag(d, 'home_care');
    if (rng.chance(s.has('frail_elderly') ? 0.3 : ld ? 0.15 : older ? 0.08 : adult ? 0.015 : 0)) {
      tag(d, 'adaptation');
    }
  }

  // Housing benefit is claimed by adults, mostly of working age or pension age renting.
  const claimants = drafts.filter((d) => d.person.knownTo.council && d.age >= 18);
  weightedSample(rng, claimants, Math.round(n * 0.15), (d) => (d.age < 25 ? 1.3 : 1)).forEach((d) =>
    tag(d, 'housing_benefit'),
  );
}

function assignLocalIds(rng: Rng, drafts: Draft[]): void {
  const used = new Set<string>();
  const unique = (make: () => string): string => {
    for (;;) {
      const id = make();
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
  for (const { person } of drafts) {
    if (person.knownTo.socialCare) {
      const prefix = BOROUGH_LOCAL[person.borough]?.prefix ?? person.borough.slice(-2);
      person.socialCareClientId = unique(() => `${prefix}${rng.digits(6)}`);
    }
    if (person.knownTo.council) person.councilId = unique(() => `C${rng.digits(7)}`);
  }
}

function staffMember(rng: Rng, borough: string, name: string, id: string, team: string): StaffMember {
  const switchboard = BOROUGHS.find((b) => b.code === borough)?.phone ?? '020 7000 0000';
  const mail = BOROUGH_LOCAL[borough]?.mail ?? 'council.example';
  const local = name
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .replace(/ /g, '.');
  return {
    id,
    name,
    team,
    phone: `${switchboard.slice(0, 9)}${rng.digits(4)}`,
    email: `${local}@${mail}`,
    borough,
  };
}

function makeSocialWorkers(rng: Rng): StaffMember[] {
  const staff: StaffMember[] = [];
  const ids = new Set<string>();
  for (const borough of BOROUGHS) {
    const home = borough === HOME_BOROUGH;
    const teams = home ? HOME_TEAMS : NEIGHBOUR_TEAMS;
    const size = home ? rng.int(6, 10) : rng.int(2, 3);
    if (home) {
      const { id, name, team } = DEMO_SOCIAL_WORKER;
      staff.push(staffMember(rng, borough.code, name, id, team));
      ids.add(id);
    }
    while (staff.filter((s) => s.borough === borough.code).length < size) {
      const { givenName, familyName } = pickName(rng, rng.chance(0.7) ? 'female' : 'male', 1985);
      // One worker per surname keeps ids like sw.okoro readable; draw again on a clash.
      const id = `sw.${familyName.toLowerCase().replace(/[^a-z]/g, '')}`;
      if (ids.has(id)) continue;
      ids.add(id);
      const index = staff.filter((s) => s.borough === borough.code).length - (home ? 1 : 0);
      staff.push(
        staffMember(rng, borough.code, `${givenName} ${familyName}`, id, teams[index % teams.length]),
      );
    }
  }
  return staff;
}

const isChildrenTeam = (s: StaffMember): boolean => s.team.startsWith('Children');
// Expectant mothers on unborn plans are held by children's teams, like the children themselves.
const forAdultsTeam = (d: Draft): boolean => d.age >= 18 && !d.situations.has('unborn_plan');

function allocate(rng: Rng, drafts: Draft[], workers: StaffMember[], caseloadSize: number): void {
  const clients = drafts.filter((d) => d.person.knownTo.socialCare);
  const eligible = clients.filter(
    (d) => d.person.borough === DEMO_SOCIAL_WORKER.borough && d.person.nhsNumber,
  );
  // An adults' worker's caseload: adults first, led by a few with something happening in hospital
  // or at end of life so the demo has stories to follow; children's cases only if adults run out.
  const adults = rng.shuffle(eligible.filter(forAdultsTeam));
  const eventful = (d: Draft): boolean =>
    d.situations.has('delayed_discharge') ||
    d.situations.has('current_admission') ||
    d.situations.has('end_of_life');
  const lead = adults.filter(eventful).slice(0, Math.ceil(caseloadSize / 5));
  const ordered = [
    ...lead,
    ...adults.filter((d) => !lead.includes(d)),
    ...rng.shuffle(eligible.filter((d) => !forAdultsTeam(d))),
  ];
  const caseload = new Set(ordered.slice(0, Math.max(0, caseloadSize)));
  caseload.forEach((d) => (d.person.allocatedWorker = DEMO_SOCIAL_WORKER.id));

  const others = workers.filter((w) => w.id !== DEMO_SOCIAL_WORKER.id);
  for (const d of clients) {
    if (caseload.has(d) || rng.chance(0.1)) continue;
    const local = others.filter((w) => w.borough === d.person.borough);
    const matching = local.filter((w) => isChildrenTeam(w) !== forAdultsTeam(d));
    const pool = matching.length > 0 ? matching : local;
    if (pool.length > 0) d.person.allocatedWorker = rng.pick(pool).id;
  }
}
