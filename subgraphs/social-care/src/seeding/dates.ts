import type { Rng } from '@care/common';

/** The earlier of two ISO dates: derived dates never run past the data's "today". */
export const notAfter = (date: string, limit: string): string => (date < limit ? date : limit);

/** A working-hours timestamp on an ISO date. */
export function timestampOn(rng: Rng, date: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date}T${pad(rng.int(8, 17))}:${pad(rng.int(0, 59))}:00.000Z`;
}

/** A UK mobile number from Ofcom's range reserved for drama, so it can never ring a real person. */
export const fictionalMobile = (rng: Rng): string => `07700 900${rng.digits(3)}`;

export const round2 = (n: number): number => Math.round(n * 100) / 100;
