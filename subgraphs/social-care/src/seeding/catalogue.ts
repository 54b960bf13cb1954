/**
 * Wording and providers for the synthetic social care records: real-sounding West London care
 * providers (invented names), and the phrases social workers actually write.
 */
import type { ChildProtectionCategory } from '../store/port';

export const HOME_CARE_PROVIDERS = [
  'Westway Home Care',
  'Riverside Care at Home',
  'Shepherds Bush Home Support',
  'Fulham Community Care',
  'Ravenscourt Homecare',
  'Brook Green Care Services',
];

export const HOME_CARE_PLANS: readonly (readonly [string, number])[] = [
  ['One visit each morning for washing and dressing', 3.5],
  ['Two visits a day for personal care and meals', 7],
  ['Morning and evening visits for personal care and medication prompts', 10.5],
  ['Three visits a day for personal care, meals and medication', 14],
  ['Four visits a day, double-handed, for personal care and transfers', 21],
];

/** Hourly rate the boroughs pay framework home care providers, in pounds. */
export const HOME_CARE_RATE = 24.5;

export const ADAPTATIONS = [
  'Grab rails fitted by front door',
  'Second stair rail fitted',
  'Level-access shower installed in place of the bath',
  'Half-step and grab rail at the back door',
  'Stair lift installed',
  'Ramp to front door',
  'Key safe fitted by front door',
];

export const EQUIPMENT = [
  'Perching stool and bath board',
  'Raised toilet seat and frame',
  'Hospital bed and pressure-relieving mattress',
  'Mobile hoist and slings',
  'Walking frame and kitchen trolley',
  'Community alarm pendant',
];

export const DAY_CENTRES = [
  'Day centre two days a week at Elgin Close Resource Centre',
  'Dementia day service three days a week at Sands End Community Centre',
  'Day opportunities four days a week at Bishops Park Activity Centre',
];

export const CARE_HOMES = ['Ravenscourt Park Care Home', 'Farm Lane Nursing Home', 'Rivercourt House'];

export const MEALS_PROVIDERS = ['Apetito Community Meals', 'Fulham Good Neighbours Meals'];

export const NEEDS_OUTCOMES = [
  'Eligible needs under the Care Act: personal care and preparing meals',
  'Eligible needs: personal care, continence and maintaining a habitable home',
  'Eligible needs: managing medication and personal care; carer support needed',
  'Eligible needs: personal care and being safe at home at night',
];

export const NO_NEEDS_OUTCOME = 'No eligible needs; signposted to Age UK and community activities';

export const OT_OUTCOMES = [
  'Falls risk at the entrance and on the stairs: rails and a key safe recommended',
  'Unable to step into the bath: level-access shower recommended (Disabled Facilities Grant)',
  'Difficulty with transfers: equipment provided and carers shown its use',
];

export const FINANCIAL_OUTCOME = (pounds: number): string =>
  `Assessed to contribute £${pounds.toFixed(2)} a week towards the cost of care`;

export const CP_CATEGORIES: readonly (readonly [ChildProtectionCategory, number])[] = [
  // Roughly England's split of children on plans by initial category.
  ['NEGLECT', 48],
  ['EMOTIONAL_ABUSE', 37],
  ['PHYSICAL_ABUSE', 7],
  ['SEXUAL_ABUSE', 4],
  ['MULTIPLE', 4],
];

export const ADULT_SAFEGUARDING_CONCERNS: readonly (readonly [string, number])[] = [
  ['Self-neglect', 30],
  ['Financial abuse', 25],
  ['Neglect by a paid carer', 15],
  ['Domestic abuse', 15],
  ['Physical abuse', 10],
  ['Discriminatory abuse', 5],
];

export const OLDER_RELATIONSHIPS = [
  'Daughter',
  'Son',
  'Niece',
  'Nephew',
  'Neighbour',
  'Friend',
  'Granddaughter',
];
export const ADULT_RELATIONSHIPS = ['Partner', 'Mother', 'Father', 'Sister', 'Brother', 'Friend'];

export const GP_REFERRAL_REASONS: Record<string, readonly string[]> = {
  HOME_CARE: [
    'Struggling with washing and dressing since a fall; daughter can no longer manage alone.',
    'Lost weight, not eating regularly; lives alone and would benefit from help with meals.',
    'Deteriorating mobility with Parkinson’s; needs help with personal care in the mornings.',
  ],
  ADAPTATION: [
    'Two falls on the front step this year; please assess for rails at the entrance.',
    'Cannot get in and out of the bath since hip replacement; request OT assessment for a shower.',
    'Stairs increasingly difficult; please consider a second stair rail.',
  ],
  ASSESSMENT: [
    'Increasing confusion and missed medication; family worried about safety at home.',
    'Frail, housebound, carer (husband) recently admitted to hospital; needs review of needs.',
    'Memory clinic diagnosis of dementia; please assess care and support needs.',
  ],
  CARER_SUPPORT: [
    'Wife is sole carer and exhausted; please offer a carer’s assessment and respite.',
    'Son caring full time alongside work, reports stress; carer support requested.',
  ],
};

export const DECLINE_REASONS = [
  'Needs met by existing care package; reviewed with the family',
  'Person declined an assessment when contacted',
  'Moved out of the borough; referral passed to the new council',
];

export const CLOSE_REASONS = [
  'Service in place and reviewed; no further action',
  'Needs met through reablement; no ongoing package required',
  'Person admitted to a care home; referral closed',
];
