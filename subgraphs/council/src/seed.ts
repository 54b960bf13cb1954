import {
  BOROUGHS,
  rngFor,
  shiftIsoDate,
  type DocStore,
  type Population,
  type SyntheticPerson,
} from '@care/common';
import { CouncilDocStore } from './store/doc-store';
import type { AddressDoc, HousingDoc, IncomeStatementDoc, ResidentDoc } from './store/port';

const LANDLORDS: Record<HousingDoc['tenure'], string[]> = {
  COUNCIL_TENANT: ['London Borough council housing'],
  HOUSING_ASSOCIATION: ['Notting Hill Genesis', 'Peabody', 'Clarion Housing', 'Shepherds Bush Housing Group'],
  PRIVATE_RENTED: ['Private landlord (via Foxtons)', 'Private landlord (via Winkworth)', 'Private landlord'],
  OWNER_OCCUPIER: [],
  TEMPORARY: ['Temporary accommodation (nightly let)'],
};

const ADAPTATIONS = [
  'Grab rails by front door',
  'Level-access shower',
  'Stair lift',
  'Ramp to front entrance',
  'Raised toilet seat',
];

function incomeStatement(rng: ReturnType<typeof rngFor>, age: number, today: string): IncomeStatementDoc {
  const sources: IncomeStatementDoc['sources'] = [];
  if (age >= 66) {
    sources.push({ kind: 'State Pension', weeklyAmount: rng.int(16_900, 22_120) / 100 });
    if (rng.chance(0.5)) sources.push({ kind: 'Pension Credit', weeklyAmount: rng.int(1_000, 6_000) / 100 });
    if (rng.chance(0.3))
      sources.push({ kind: 'Occupational pension', weeklyAmount: rng.int(2_000, 15_000) / 100 });
    if (rng.chance(0.35))
      sources.push({ kind: 'Attendance Allowance', weeklyAmount: rng.chance(0.5) ? 73.9 : 110.4 });
  } else {
    if (rng.chance(0.55)) sources.push({ kind: 'Earnings', weeklyAmount: rng.int(12_000, 42_000) / 100 });
    if (rng.chance(0.45))
      sources.push({ kind: 'Universal Credit', weeklyAmount: rng.int(6_000, 21_000) / 100 });
    if (rng.chance(0.2))
      sources.push({ kind: 'Personal Independence Payment', weeklyAmount: rng.chance(0.5) ? 72.65 : 108.55 });
    if (sources.length === 0) sources.push({ kind: 'Employment and Support Allowance', weeklyAmount: 90.5 });
  }
  const totalWeekly = Math.round(sources.reduce((s, x) => s + x.weeklyAmount, 0) * 100) / 100;
  const periodStart = `${Number(today.slice(0, 4)) - (today.slice(5) < '04-01' ? 1 : 0)}-04-01`;
  return {
    periodStart,
    periodEnd: shiftIsoDate(shiftIsoDate(periodStart, 365), -1),
    sources,
    totalWeekly,
    capital: rng.chance(0.6) ? rng.int(0, 15_999) : null,
    verifiedOn: shiftIsoDate(periodStart, rng.int(1, 60)),
  };
}

/** A council resident record derived from one synthetic person, deterministically. */
export function residentFor(p: SyntheticPerson, seed: number, today: string): ResidentDoc | null {
  if (!p.knownTo.council || !p.councilId) return null;
  const rng = rngFor(seed, `council:${p.nhsNumber ?? p.councilId}`);
  const age = Number(today.slice(0, 4)) - Number(p.dateOfBirth.slice(0, 4));
  const council = BOROUGHS.find((b) => b.code === p.borough) ?? BOROUGHS[0];
  const movedIn = shiftIsoDate(today, -rng.int(200, 9000));
  const addressHistory: AddressDoc[] = [
    {
      line: p.addressLine,
      postcode: p.postcode,
      uprn: String(rng.int(10_000_000, 99_999_999)),
      from: movedIn,
      to: null,
    },
  ];
  if (rng.chance(0.4)) {
    addressHistory.push({
      line: `${rng.int(1, 180)} Uxbridge Road`,
      postcode: 'W12 8LH',
      uprn: null,
      from: shiftIsoDate(movedIn, -rng.int(400, 3000)),
      to: movedIn,
    });
  }
  const benefit = p.situations.includes('housing_benefit');
  const tenure: HousingDoc['tenure'] = benefit
    ? rng.pick(['COUNCIL_TENANT', 'HOUSING_ASSOCIATION', 'PRIVATE_RENTED', 'TEMPORARY'] as const)
    : rng.pick([
        'COUNCIL_TENANT',
        'HOUSING_ASSOCIATION',
        'PRIVATE_RENTED',
        'OWNER_OCCUPIER',
        'OWNER_OCCUPIER',
      ] as const);
  const landlordOptions = LANDLORDS[tenure];
  const adapted = p.situations.includes('adaptation') || (age > 75 && rng.chance(0.3));
  const housing: HousingDoc = {
    tenure,
    landlord:
      tenure === 'COUNCIL_TENANT'
        ? `${council.name} Council`
        : landlordOptions.length
          ? rng.pick(landlordOptions)
          : null,
    adaptations: adapted
      ? [
          {
            description: rng.pick(ADAPTATIONS),
            completedOn: shiftIsoDate(today, -rng.int(30, 1500)),
            disabledFacilitiesGrant: rng.chance(0.6),
          },
        ]
      : [],
  };
  const statement = benefit ? incomeStatement(rng, age, today) : null;
  return {
    _id: p.councilId,
    councilId: p.councilId,
    nhsNumber: p.nhsNumber,
    councilCode: council.code,
    councilName: council.name,
    givenName: p.givenName,
    familyName: p.familyName,
    dateOfBirth: p.dateOfBirth,
    addressHistory,
    housing,
    housingBenefit: statement
      ? {
          claimReference: `HB${p.councilId.slice(1)}`,
          status: rng.chance(0.9) ? 'active' : 'suspended',
          weeklyAward: Math.round(rng.int(6_000, 26_000)) / 100,
          awardStart: shiftIsoDate(today, -rng.int(60, 2500)),
          incomeStatement: statement,
        }
      : null,
    councilTaxSupport:
      benefit || rng.chance(0.1)
        ? {
            active: true,
            weeklyReduction: rng.int(500, 3500) / 100,
            band: rng.pick(['A', 'B', 'C', 'D', 'E']),
          }
        : { active: false, weeklyReduction: null, band: rng.pick(['B', 'C', 'D', 'E', 'F']) },
  };
}

export async function seedCouncil(store: DocStore, population: Population): Promise<{ records: number }> {
  const council = new CouncilDocStore(store);
  await council.ensureIndexes();
  const docs = population.people.flatMap((p) => residentFor(p, population.seed, population.today) ?? []);
  for (let i = 0; i < docs.length; i += 1000) await council.putResidents(docs.slice(i, i + 1000));
  return { records: docs.length };
}
