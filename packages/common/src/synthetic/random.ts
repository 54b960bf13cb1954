/**
 * Seeded randomness for the synthetic borough. Math.random would make every start a different
 * borough; these streams make the same seed give the same people in every service and test.
 */

const DAY_MS = 86_400_000;

/** 32-bit string hash (cyrb53's mixing, folded to 32 bits) so a key like 'person:42' picks a stream. */
export function hashString(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** splitmix32: spreads a weak seed (0, 1, 2 …) over the whole state so nearby seeds do not correlate. */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** ISO date (YYYY-MM-DD) moved by a whole number of days, in UTC so time zones cannot shift it. */
export function shiftIsoDate(iso: string, days: number): string {
  return new Date(isoToMs(iso) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Completed years between a date of birth and a reference date (both ISO). */
export function ageAt(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [oy, om, od] = on.split('-').map(Number);
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

function isoToMs(iso: string): number {
  const ms = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`not an ISO date: ${iso}`);
  return ms;
}

/** sfc32: small, fast, passes PractRand well beyond the few million draws a borough needs. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    const mix = splitmix32(seed);
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    // The first outputs of a freshly seeded sfc32 are weakly mixed; discard them.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks a value with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** A shuffled copy (Fisher–Yates); the input is left alone. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** A string of n random decimal digits (leading zeros kept). */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(this.next() * 10));
    return s;
  }

  /** A uniform ISO date between two ISO dates, both inclusive. */
  dateBetween(from: string, to: string): string {
    const days = Math.round((isoToMs(to) - isoToMs(from)) / DAY_MS);
    return shiftIsoDate(from, this.int(0, days));
  }

  /** An ISO date between minDays and maxDays (inclusive) before `today`. */
  daysBefore(today: string, minDays: number, maxDays: number): string {
    return shiftIsoDate(today, -this.int(minDays, maxDays));
  }

  /** A date of birth giving exactly `age` completed years on `today`. */
  birthDateForAge(today: string, age: number): string {
    const [y, m, d] = today.split('-').map(Number);
    // The day after the (age + 1)th birthday window opens, through the age-th birthday itself.
    const earliest = shiftIsoDate(isoFromParts(y - age - 1, m, d), 1);
    const latest = isoFromParts(y - age, m, d);
    return this.dateBetween(earliest, latest);
  }
}

/** 29 February in a non-leap year becomes 28 February rather than rolling into March. */
function isoFromParts(y: number, m: number, d: number): string {
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * An independent stream for one purpose (e.g. rngFor(seed, `health:${nhsNumber}`)), so a service
 * can derive a person's details without replaying everyone else's draws.
 */
export function rngFor(seed: number, key: string): Rng {
  return new Rng((hashString(key) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0);
}
