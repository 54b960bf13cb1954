/**
 * Small-number suppression for health's report figures: a cell that would describe fewer than
 * 5 people is withheld. The same rule as social-care/src/workflows/reports/suppress.ts; keep them in step.
 */
export const MIN_PEOPLE = 5;

export interface ReportCell {
  value: number | null;
  suppressed: boolean;
}

export const cell = (value: number, people: number): ReportCell =>
  people < MIN_PEOPLE ? { value: null, suppressed: true } : { value, suppressed: false };
