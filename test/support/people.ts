import type { ConsentDoc } from '../../gateway/src/governance/documents';
import type { Stack } from './stack';

/** Seeded people picked by what a test needs, from the person index and consents. */
export async function findPerson(
  stack: Stack,
  want: {
    knownTo?: ('SOCIAL_CARE' | 'HEALTH' | 'COUNCIL')[];
    notKnownTo?: ('SOCIAL_CARE' | 'HEALTH' | 'COUNCIL')[];
    gpPractice?: string;
    borough?: string;
    notGpPractice?: string;
    consents?: Partial<Record<string, ConsentDoc['state'] | 'none'>>;
    situation?: string;
  },
): Promise<string> {
  const people = await stack.governance.persons.find({});
  const consents = await stack.governance.consents.find({});
  const byPerson = new Map<string, ConsentDoc[]>();
  for (const c of consents) byPerson.set(c.nhsNumber, [...(byPerson.get(c.nhsNumber) ?? []), c]);
  const situations = new Map(
    stack.seed.population.people.map((p) => [p.nhsNumber, p.situations as string[]]),
  );
  const found = people
    .sort((a, b) => a._id.localeCompare(b._id))
    .find((p) => {
      if (want.knownTo && !want.knownTo.every((k) => p.knownTo.includes(k))) return false;
      if (want.notKnownTo && want.notKnownTo.some((k) => p.knownTo.includes(k))) return false;
      if (want.gpPractice && p.gpPractice !== want.gpPractice) return false;
      if (want.notGpPractice && (p.gpPractice === want.notGpPractice || !p.gpPractice)) return false;
      if (want.borough && p.borough !== want.borough) return false;
      if (want.situation && !situations.get(p._id)?.includes(want.situation)) return false;
      for (const [flow, state] of Object.entries(want.consents ?? {})) {
        const c = (byPerson.get(p._id) ?? []).filter((x) => x.flow === flow);
        if (state === 'none' ? c.length > 0 : !c.some((x) => x.state === state)) return false;
      }
      return true;
    });
  if (!found) throw new Error(`no seeded person matches ${JSON.stringify(want)}`);
  return found._id;
}

/** `Type.field` of every FORBIDDEN error, with its reason. */
export const deniedFields = (
  errors: { extensions?: Record<string, unknown> }[] | undefined,
): Record<string, string> =>
  Object.fromEntries(
    (errors ?? [])
      .filter((e) => e.extensions?.code === 'FORBIDDEN')
      .map((e) => [String(e.extensions?.field), String(e.extensions?.reason)]),
  );
