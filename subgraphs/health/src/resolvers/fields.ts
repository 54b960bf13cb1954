/**
 * The document fields a selection needs. Most GraphQL fields are stored under their own name;
 * a computed field names the fields it is computed from, and a section held in its own
 * collection needs nothing from the parent document.
 */
export function docFields(
  selected: readonly string[],
  computedFrom: Record<string, readonly string[]> = {},
): string[] {
  return [...new Set(selected.flatMap((f) => computedFrom[f] ?? [f]))];
}

/** HealthRecord fields read from the patient document; the sections come from their own collections. */
export const HEALTH_RECORD_FIELDS: Record<string, readonly string[]> = {
  conditions: [],
  medications: [],
  allergies: [],
  encounters: [],
  clinicalFlags: [],
  observations: [],
};

export const ENCOUNTER_FIELDS: Record<string, readonly string[]> = {
  delayedDays: ['kind', 'status', 'expectedDischargeDate'],
};
