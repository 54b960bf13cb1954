/**
 * Small-number suppression for aggregate reports (CIS): a cell that would describe fewer than 5
 * people is withheld, so no person can be picked out of a report. One rule for every service.
 */
export const MIN_PEOPLE = 5;

/**
 * Published counts are rounded to the nearest 5, as NHS England's published statistics are: a
 * manager may choose any period, and two periods a day apart would otherwise differ by exactly
 * the one referral or patient of that day, however well each cell on its own is suppressed.
 * Rounded, a difference is off by up to 4 either way. It blunts differencing rather than stops it:
 * sliding a period a day at a time still shows where a count crosses a rounding boundary.
 */
export const ROUND_TO = 5;

export const rounded = (n: number): number => Math.round(n / ROUND_TO) * ROUND_TO;

export interface ReportCell {
  value: number | null;
  suppressed: boolean;
}

/** A tally: how many items, and how many distinct people they are about. */
export interface Tally {
  count: number;
  people: number;
}

export const tally = <T extends { nhsNumber: string }>(items: T[]): Tally => ({
  count: items.length,
  people: new Set(items.map((i) => i.nhsNumber)).size,
});

/**
 * Zero is suppressed too: "under 5 people" is the rule, and a published zero invites differencing.
 * A published count is rounded (see ROUND_TO), so it is never under 5 either.
 */
export const cell = (t: Tally): ReportCell =>
  t.people < MIN_PEOPLE ? { value: null, suppressed: true } : { value: rounded(t.count), suppressed: false };

/**
 * Cells that add up to a published total. Withholding one cell alone would not hide it (total
 * minus the rest gives it back), so the next smallest cell is withheld with it.
 */
export function group(tallies: Tally[], totalPublished: boolean): ReportCell[] {
  const cells = tallies.map(cell);
  const hidden = cells.filter((c) => c.suppressed).length;
  if (totalPublished && hidden === 1) {
    let smallest = -1;
    tallies.forEach((t, i) => {
      if (!cells[i].suppressed && (smallest < 0 || t.count < tallies[smallest].count)) smallest = i;
    });
    if (smallest >= 0) cells[smallest] = { value: null, suppressed: true };
  }
  return cells;
}

/** A median of per-person figures, withheld when fewer than 5 people are behind it. */
export function median(values: number[], people: number): { days: number | null; suppressed: boolean } {
  if (people < MIN_PEOPLE || values.length === 0) return { days: null, suppressed: true };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { days: Math.round(m * 10) / 10, suppressed: false };
}
