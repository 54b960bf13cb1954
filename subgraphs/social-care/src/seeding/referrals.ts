import {
  GP_PRACTICES,
  HOME_BOROUGH,
  HOME_PRACTICE,
  orgName,
  pickName,
  rngFor,
  shiftIsoDate,
  type Population,
  type Rng,
  type SyntheticPerson,
} from '@care/common';
import type { ReferralDoc, ReferralEventDoc, ReferralService, ReferralStatus } from '../store/port';
import { CLOSE_REASONS, DECLINE_REASONS, GP_REFERRAL_REASONS } from './catalogue';
import { timestampOn } from './dates';

const HOME_REFERRALS = 8;
const OTHER_REFERRALS = 16;

/** Each final status with the path that leads to it, so the seeded history is a valid workflow. */
const PATHS: readonly (readonly ReferralStatus[])[] = [
  ['RECEIVED'],
  ['RECEIVED', 'TRIAGED'],
  ['RECEIVED', 'TRIAGED', 'ASSESSMENT_BOOKED'],
  ['RECEIVED', 'TRIAGED', 'ASSESSMENT_BOOKED', 'SERVICE_PROVIDED'],
  ['RECEIVED', 'DECLINED'],
  ['RECEIVED', 'TRIAGED', 'ASSESSMENT_BOOKED', 'SERVICE_PROVIDED', 'CLOSED'],
  ['RECEIVED', 'TRIAGED', 'DECLINED'],
  ['RECEIVED', 'TRIAGED', 'CLOSED'],
];

type WithNhs = SyntheticPerson & { nhsNumber: string; gpPractice: string };

const referable = (p: SyntheticPerson): p is WithNhs =>
  p.knownTo.socialCare &&
  p.nhsNumber !== null &&
  p.socialCareClientId !== null &&
  p.gpPractice !== null &&
  GP_PRACTICES.some((g) => g.code === p.gpPractice) &&
  p.situations.some((s) => ['home_care', 'adaptation', 'frail_elderly', 'dementia'].includes(s));

function serviceFor(rng: Rng, p: SyntheticPerson): ReferralService {
  if (p.situations.includes('adaptation') && rng.chance(0.7)) return 'ADAPTATION';
  if (p.situations.includes('home_care') && rng.chance(0.7)) return 'HOME_CARE';
  return rng.weighted([
    ['ASSESSMENT', 60],
    ['CARER_SUPPORT', 40],
  ] as const);
}

function reasonFor(
  rng: Rng,
  to: ReferralStatus,
  service: ReferralService,
  path: readonly ReferralStatus[],
): string | null {
  switch (to) {
    case 'TRIAGED':
      return 'Triaged by the duty team: meets the threshold for an assessment';
    case 'ASSESSMENT_BOOKED':
      return `${service === 'ADAPTATION' ? 'OT' : 'Needs'} assessment booked with the family`;
    case 'SERVICE_PROVIDED':
      return service === 'ADAPTATION' ? 'Grab rails fitted by front door' : 'Package of care started';
    case 'DECLINED':
      return rng.pick(DECLINE_REASONS);
    case 'CLOSED':
      return path.includes('SERVICE_PROVIDED') ? CLOSE_REASONS[0] : rng.pick(CLOSE_REASONS.slice(1));
    default:
      return null;
  }
}

/**
 * A handful of GP referrals (the JET workflow) in every status, with their history: some from
 * the demo practice to the home borough so the demo GP and social worker both have some.
 */
export function deriveReferrals(population: Population): ReferralDoc[] {
  const rng = rngFor(population.seed, 'social-care:referrals');
  const candidates = rng.shuffle(population.people.filter(referable));
  const home = candidates.filter(
    (p) => p.gpPractice === HOME_PRACTICE.code && p.borough === HOME_BOROUGH.code,
  );
  const chosen = [
    ...home.slice(0, HOME_REFERRALS),
    ...candidates.filter((p) => !home.slice(0, HOME_REFERRALS).includes(p)).slice(0, OTHER_REFERRALS),
  ];
  const gps = new Map(
    GP_PRACTICES.map((g) => {
      const name = pickName(rngFor(population.seed, `social-care:gp:${g.code}`), 'female', 1975);
      return [g.code, `Dr ${name.givenName} ${name.familyName}`];
    }),
  );
  const workersOf = (borough: string) => population.socialWorkers.filter((w) => w.borough === borough);

  return chosen.map((p, i) => {
    const id = `REF-${String(i + 1).padStart(5, '0')}`;
    const path = PATHS[i % PATHS.length];
    const service = serviceFor(rng, p);
    const referredBy = gps.get(p.gpPractice) ?? 'Dr Duty GP';
    const workers = workersOf(p.borough);
    let day = shiftIsoDate(population.today, -(path.length * 6 + rng.int(1, 20)));
    const history: ReferralEventDoc[] = path.map((status, step) => {
      if (step > 0) day = shiftIsoDate(day, rng.int(1, 6));
      return {
        status,
        reason: step === 0 ? `Referral from ${orgName(p.gpPractice)}` : reasonFor(rng, status, service, path),
        by: step === 0 ? referredBy : workers.length > 0 ? rng.pick(workers).name : 'Duty worker',
        at: timestampOn(rng, day),
      };
    });
    return {
      _id: id,
      id,
      nhsNumber: p.nhsNumber,
      service,
      urgency: rng.weighted([
        ['ROUTINE', 50],
        ['SOON', 35],
        ['URGENT', 15],
      ] as const),
      reason: rng.pick(GP_REFERRAL_REASONS[service]),
      consentReference: rng.chance(0.7) ? `JET-${rng.digits(6)}` : null,
      referredBy,
      referrerOrg: p.gpPractice,
      borough: p.borough,
      status: path[path.length - 1],
      history,
      createdAt: history[0].at,
      updatedAt: history[history.length - 1].at,
      idempotencyKey: `seed-${id}`,
    };
  });
}
