import type { AssessmentKind, ServiceKind } from '../store/port';

/**
 * The columns of a Client Level Data file, named as NHS England's adult social care CLD
 * specification names its fields. docs/formats.md describes each.
 */
export const REQUIRED_COLUMNS = [
  'LA_Code',
  'LA_Person_Unique_Identifier',
  'NHS_Number',
  'First_Name',
  'Last_Name',
  'Date_of_Birth',
  'Event_Type',
  'Event_Reference',
  'Event_Start_Date',
  'Event_End_Date',
  'Service_Type',
  'Service_Component',
  'Primary_Support_Reason',
  'Event_Outcome',
] as const;

export const OPTIONAL_COLUMNS = [
  'Postcode',
  'Assessment_Type',
  'Service_Description',
  'Provider_Name',
  'Planned_units_per_week',
  'Unit_Cost',
  'Cost_Frequency_(Unit_Type)',
] as const;

export type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
export const COLUMNS: readonly Column[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

export const EVENT_TYPES = ['Request', 'Assessment', 'Service', 'Review'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** CLD Primary Support Reason values. */
export const PRIMARY_SUPPORT_REASONS = [
  'Physical Support: Access & Mobility only',
  'Physical Support: Personal Care Support',
  'Sensory Support: Support for Visual Impairment',
  'Sensory Support: Support for Hearing Impairment',
  'Sensory Support: Support for Dual Impairment',
  'Support with Memory & Cognition',
  'Learning Disability Support',
  'Mental Health Support',
  'Social Support: Substance Misuse Support',
  'Social Support: Asylum Seeker Support',
  'Social Support: Support for Social Isolation/Other',
  'Unknown',
] as const;

/** CLD Service Type values (and carer support), for Service events. */
export const SERVICE_TYPES = [
  'Long Term Support: Nursing Care',
  'Long Term Support: Residential Care',
  'Long Term Support: Community',
  'Long Term Support: Prison',
  'Short Term Support: ST-Max',
  'Short Term Support: Ongoing Low Level',
  'Short Term Support: Other Short Term',
  'Carer Support',
] as const;

/** Service components this record holds, and the kind of service each becomes. */
export const SERVICE_COMPONENTS: Readonly<Record<string, ServiceKind>> = {
  'Home Support': 'HOME_CARE',
  Adaptations: 'ADAPTATION',
  Equipment: 'EQUIPMENT',
  'Day Care': 'DAY_CARE',
  'Residential Care': 'RESIDENTIAL',
  'Nursing Care': 'RESIDENTIAL',
  Meals: 'MEALS',
  'Carer Respite': 'CARER_SUPPORT',
  Reablement: 'REABLEMENT',
};

/** How each kind of service is written out: its CLD service type and component. */
export const SERVICE_OF_KIND: Readonly<Record<ServiceKind, { type: string; component: string }>> = {
  HOME_CARE: { type: 'Long Term Support: Community', component: 'Home Support' },
  ADAPTATION: { type: 'Short Term Support: Ongoing Low Level', component: 'Adaptations' },
  EQUIPMENT: { type: 'Short Term Support: Ongoing Low Level', component: 'Equipment' },
  DAY_CARE: { type: 'Long Term Support: Community', component: 'Day Care' },
  RESIDENTIAL: { type: 'Long Term Support: Residential Care', component: 'Residential Care' },
  MEALS: { type: 'Long Term Support: Community', component: 'Meals' },
  CARER_SUPPORT: { type: 'Carer Support', component: 'Carer Respite' },
  REABLEMENT: { type: 'Short Term Support: ST-Max', component: 'Reablement' },
};

/** Assessment types this record distinguishes (a local column; CLD itself has one assessment event). */
export const ASSESSMENT_TYPES: Readonly<Record<string, AssessmentKind>> = {
  'Needs Assessment': 'NEEDS',
  "Carer's Assessment": 'CARER',
  'Financial Assessment': 'FINANCIAL',
  'Occupational Therapy Assessment': 'OCCUPATIONAL_THERAPY',
  'Child and Family Assessment': 'CHILD_AND_FAMILY',
};

export const ASSESSMENT_TYPE_OF: Readonly<Record<AssessmentKind, string>> = Object.fromEntries(
  Object.entries(ASSESSMENT_TYPES).map(([label, kind]) => [kind, label]),
) as Record<AssessmentKind, string>;

export const COST_FREQUENCIES = ['Weekly', 'Hourly'] as const;

/** Case-insensitive lookup in a list of allowed values; returns the list's spelling. */
export function oneOf<T extends string>(values: readonly T[], raw: string): T | null {
  const wanted = raw.trim().toLowerCase();
  return values.find((v) => v.toLowerCase() === wanted) ?? null;
}
