/**
 * The synthetic borough's people, before any service's records are made from them. One
 * deterministic population (seeded random generator) feeds every service's seeder and the
 * governance person index, so the three systems agree on who is who.
 */
export type Situation =
  | 'cp_plan'
  | 'looked_after'
  | 'unborn_plan'
  | 'delayed_discharge'
  | 'current_admission'
  | 'recent_ae'
  | 'housing_benefit'
  | 'frail_elderly'
  | 'dementia'
  | 'learning_disability'
  | 'end_of_life'
  | 'home_care'
  | 'adaptation';

export interface SyntheticPerson {
  /** Null for a local record whose NHS number was never captured (held for matching). */
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  /** ISO date. */
  dateOfBirth: string;
  sex: 'female' | 'male';
  addressLine: string;
  postcode: string;
  /** ODS code of the registered practice; null when not registered with a GP here. */
  gpPractice: string | null;
  /** ONS code of the local authority (social care and council alike). */
  borough: string;
  knownTo: { socialCare: boolean; health: boolean; council: boolean };
  situations: Situation[];
  socialCareClientId: string | null;
  councilId: string | null;
  /** User id of the allocated social worker, if allocated. */
  allocatedWorker: string | null;
}

export interface StaffMember {
  id: string;
  name: string;
  team: string;
  phone: string;
  email: string;
  borough: string;
}

export interface Population {
  seed: number;
  /** A fixed "today" for the data: relative dates are computed from it. ISO date. */
  today: string;
  people: SyntheticPerson[];
  socialWorkers: StaffMember[];
}
