/**
 * Who to try: a handful of NHS numbers per interesting situation, printed by the seeder and used
 * by demos and end-to-end tests so nobody has to trawl the population for a suitable person.
 */
import { DEMO_SOCIAL_WORKER } from './generate';
import type { Population, Situation, SyntheticPerson } from './population';
import { HOME_BOROUGH, HOME_PRACTICE } from './reference';

export interface SeedSummary {
  people: number;
  knownToAll: string[];
  socialCareOnly: string[];
  healthOnly: string[];
  councilOnly: string[];
  /** Richford Gate (E85001) patients first, so the demo GP can open them too. */
  childOnCpPlan: string[];
  lookedAfter: string[];
  delayedDischarge: string[];
  currentAdmission: string[];
  housingBenefit: string[];
  /** Registered at Richford Gate (E85001), living in the home borough, known to all three systems. */
  richfordGatePatientsKnownToAll: string[];
  withoutNhsNumber: {
    socialCareClientId: string | null;
    councilId: string | null;
    givenName: string;
    familyName: string;
    dateOfBirth: string;
  }[];
  /** The demo social worker's whole caseload. */
  caseload: { worker: string; nhsNumbers: string[] };
}

const SAMPLES = 5;

type WithNhs = SyntheticPerson & { nhsNumber: string };

const hasNhs = (p: SyntheticPerson): p is WithNhs => p.nhsNumber !== null;
const atHomePractice = (p: SyntheticPerson): boolean => p.gpPractice === HOME_PRACTICE.code;
const has = (s: Situation) => (p: SyntheticPerson) => p.situations.includes(s);
const only = (system: keyof SyntheticPerson['knownTo']) => (p: SyntheticPerson) =>
  Object.entries(p.knownTo).every(([k, known]) => known === (k === system));
const knownToAll = (p: SyntheticPerson): boolean =>
  p.knownTo.socialCare && p.knownTo.health && p.knownTo.council;

/** Up to SAMPLES NHS numbers in population order; `prefer`red people come first (stable sort). */
function sample(
  people: readonly WithNhs[],
  match: (p: SyntheticPerson) => boolean,
  prefer?: (p: SyntheticPerson) => boolean,
): string[] {
  const matches = people.filter(match);
  if (prefer) matches.sort((a, b) => Number(prefer(b)) - Number(prefer(a)));
  return matches.slice(0, SAMPLES).map((p) => p.nhsNumber);
}

export function summarise(pop: Population): SeedSummary {
  const people = pop.people.filter(hasNhs);
  const worker = pop.socialWorkers.find((w) => w.borough === HOME_BOROUGH.code)?.id ?? DEMO_SOCIAL_WORKER.id;
  return {
    people: pop.people.length,
    knownToAll: sample(people, knownToAll, (p) => p.borough === HOME_BOROUGH.code),
    socialCareOnly: sample(people, only('socialCare')),
    healthOnly: sample(people, only('health')),
    councilOnly: sample(people, only('council')),
    childOnCpPlan: sample(people, has('cp_plan'), atHomePractice),
    lookedAfter: sample(people, has('looked_after'), atHomePractice),
    delayedDischarge: sample(people, has('delayed_discharge')),
    currentAdmission: sample(people, has('current_admission')),
    housingBenefit: sample(people, has('housing_benefit')),
    richfordGatePatientsKnownToAll: sample(
      people,
      (p) => atHomePractice(p) && knownToAll(p) && p.borough === HOME_BOROUGH.code,
    ),
    withoutNhsNumber: pop.people
      .filter((p) => p.nhsNumber === null)
      .slice(0, SAMPLES)
      .map(({ socialCareClientId, councilId, givenName, familyName, dateOfBirth }) => ({
        socialCareClientId,
        councilId,
        givenName,
        familyName,
        dateOfBirth,
      })),
    caseload: {
      worker,
      nhsNumbers: people.filter((p) => p.allocatedWorker === worker).map((p) => p.nhsNumber),
    },
  };
}
