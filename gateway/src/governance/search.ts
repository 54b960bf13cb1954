import {
  badInput,
  hasRelationship,
  isCalendarDate,
  isValidNhsNumber,
  normaliseNhsNumber,
  type Viewer,
} from '@care/common';
import type { PersonIndexDoc } from './documents';
import { factsFor } from './facts-service';
import { foldName, nameVariants } from './search-keys';
import type { GovernanceStore } from './store';

export interface SearchArgs {
  nhsNumber?: string | null;
  name?: string | null;
  dateOfBirth?: string | null;
  postcode?: string | null;
  first?: number | null;
}

export interface SearchHit {
  person: PersonIndexDoc;
  score: number;
}

const squash = (postcode: string) => postcode.replace(/\s/g, '').toUpperCase();

/** How well the typed name words match the person's names, each word through its nicknames. */
function nameScore(words: string[], p: PersonIndexDoc): number {
  if (words.length === 0) return 1;
  const hits = words.filter((w) => nameVariants(w).some((v) => p.nameKeys.includes(v))).length;
  return hits / words.length;
}

/**
 * Finds people by NHS number, or by name and date of birth across all three sources, and returns
 * only those the viewer has a legitimate relationship with (declared presence for unscheduled care).
 */
export async function searchPeople(
  store: GovernanceStore,
  viewer: Viewer,
  args: SearchArgs,
  now: Date,
): Promise<SearchHit[]> {
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > 50) throw badInput('first must be 1 to 50');
  let found: PersonIndexDoc[];
  let words: string[] = [];
  if (args.nhsNumber) {
    const n = normaliseNhsNumber(args.nhsNumber);
    if (!isValidNhsNumber(n))
      throw badInput('NhsNumber must be 10 digits with a valid modulus 11 check digit');
    found = await store.persons.find({ _id: n });
  } else {
    const name = (args.name ?? '').trim();
    if (!name || name.length > 100)
      throw badInput('Give an NHS number, or a name (up to 100 characters) with a date of birth');
    if (!args.dateOfBirth || !isCalendarDate(args.dateOfBirth))
      throw badInput('A name search needs a date of birth, a calendar date (YYYY-MM-DD)');
    words = foldName(name).split(' ').filter(Boolean);
    if (words.length === 0) throw badInput('The name has no letters to search for');
    const filter: Record<string, unknown> = { dateOfBirth: args.dateOfBirth };
    if (args.postcode) {
      if (args.postcode.length > 10) throw badInput('Postcode too long');
    }
    found = (await store.persons.find(filter, { limit: 500 })).filter((p) => nameScore(words, p) > 0);
    if (args.postcode)
      found = found.filter((p) => p.postcode && squash(p.postcode) === squash(args.postcode as string));
  }
  const facts = await factsFor(
    store,
    found.map((p) => p._id),
    now,
  );
  const related = found.filter((_p, i) => hasRelationship(viewer, facts[i], now));
  return related
    .map((person) => ({ person, score: Math.round(nameScore(words, person) * 100) / 100 }))
    .sort((a, b) => b.score - a.score || a.person.familyName.localeCompare(b.person.familyName))
    .slice(0, first);
}
