import { pickName, type Rng, type SyntheticPerson } from '@care/common';
import type { ContactDoc } from '../store/port';
import { ADULT_RELATIONSHIPS, OLDER_RELATIONSHIPS } from './catalogue';
import { fictionalMobile } from './dates';

const FEMALE = new Set(['Daughter', 'Niece', 'Granddaughter', 'Mother', 'Sister']);
const MALE = new Set(['Son', 'Nephew', 'Father', 'Brother']);
const FAMILY = new Set([...FEMALE, ...MALE]);

/** Years between the person's and the contact's births, so names suit the contact's generation. */
const GENERATION: Record<string, number> = {
  Daughter: 30,
  Son: 30,
  Niece: 35,
  Nephew: 35,
  Granddaughter: 55,
  Mother: -28,
  Father: -30,
  Sister: 2,
  Brother: -2,
};

function contact(
  rng: Rng,
  person: SyntheticPerson,
  id: string,
  relationship: string,
  flags: { isCarer: boolean; isEmergencyContact: boolean },
): ContactDoc {
  const sex = FEMALE.has(relationship)
    ? 'female'
    : MALE.has(relationship)
      ? 'male'
      : rng.chance(0.6)
        ? 'female'
        : 'male';
  const born = Number(person.dateOfBirth.slice(0, 4)) + (GENERATION[relationship] ?? rng.int(-10, 10));
  const name = pickName(rng, sex, born);
  // Relatives often, not always, share the family name (marriage, different fathers).
  const familyName = FAMILY.has(relationship) && rng.chance(0.6) ? person.familyName : name.familyName;
  return {
    id,
    name: `${name.givenName} ${familyName}`,
    relationship,
    phone: fictionalMobile(rng),
    ...flags,
  };
}

export interface ContactNeeds {
  age: number;
  needsCare: boolean;
  lookedAfter: boolean;
  learningDisability: boolean;
}

/** Contacts and carers as social care records them: family for children, carers for older people. */
export function deriveContacts(
  rng: Rng,
  person: SyntheticPerson,
  needs: ContactNeeds,
  nextId: () => string,
): ContactDoc[] {
  const out: ContactDoc[] = [];
  const add = (relationship: string, isCarer: boolean, isEmergencyContact: boolean) =>
    out.push(contact(rng, person, nextId(), relationship, { isCarer, isEmergencyContact }));

  if (needs.age < 18) {
    if (needs.lookedAfter) {
      add('Foster carer', false, true);
      if (rng.chance(0.6)) add('Mother', false, false);
    } else {
      add('Mother', false, true);
      if (rng.chance(0.5)) add('Father', false, false);
    }
    return out;
  }
  if (needs.age >= 65) {
    const count = rng.int(1, 3);
    const relationships = rng.shuffle(OLDER_RELATIONSHIPS).slice(0, count);
    relationships.forEach((r, i) => add(r, i === 0 && needs.needsCare && rng.chance(0.6), i === 0));
    return out;
  }
  if (needs.learningDisability) add('Mother', true, true);
  const count = rng.int(0, 2);
  for (const r of rng.shuffle(ADULT_RELATIONSHIPS).slice(0, count)) {
    if (out.some((c) => c.relationship === r)) continue;
    add(r, needs.needsCare && rng.chance(0.3), out.length === 0);
  }
  return out;
}
