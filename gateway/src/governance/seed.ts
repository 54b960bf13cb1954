import { rngFor, type Population, type SyntheticPerson } from '@care/common';
import type { GraphQLSchema } from 'graphql';
import { hashPassword } from '../auth/password';
import { defaultPolicy } from './default-policy';
import { DEMO_USERS } from './demo-users';
import { toRules, type ConsentDoc, type PersonIndexDoc, type Source } from './documents';
import { HeadCache } from './head-cache';
import { PersonIndex } from './person-index';
import { nameKeys } from './search-keys';
import type { GovernanceStore } from './store';

const CHUNK = 1000;

export function personIndexDoc(p: SyntheticPerson & { nhsNumber: string }): PersonIndexDoc {
  const knownTo: Source[] = [];
  if (p.knownTo.socialCare) knownTo.push('SOCIAL_CARE');
  if (p.knownTo.health) knownTo.push('HEALTH');
  if (p.knownTo.council) knownTo.push('COUNCIL');
  return {
    _id: p.nhsNumber,
    nhsNumber: p.nhsNumber,
    givenName: p.givenName,
    familyName: p.familyName,
    dateOfBirth: p.dateOfBirth,
    postcode: p.postcode,
    gpPractice: p.knownTo.health ? p.gpPractice : null,
    borough: p.knownTo.socialCare ? p.borough : null,
    councilArea: p.knownTo.council ? p.borough : null,
    socialCareClientId: p.socialCareClientId,
    councilId: p.councilId,
    allocatedWorker: p.allocatedWorker,
    knownTo,
    nameKeys: nameKeys(p.givenName, p.familyName),
  };
}

/** Seeded consent states for each flow a person's systems make possible (mostly active). */
function consentsFor(p: SyntheticPerson & { nhsNumber: string }, seed: number, today: Date): ConsentDoc[] {
  const flows: string[] = [];
  if (p.knownTo.socialCare && p.knownTo.health) flows.push('social_care_to_health', 'health_to_social_care');
  if (p.knownTo.socialCare && p.knownTo.council) flows.push('council_benefit_to_social_care');
  const rng = rngFor(seed, `consent:${p.nhsNumber}`);
  const out: ConsentDoc[] = [];
  for (const flow of flows) {
    const roll = rng.next();
    if (roll > 0.95) continue;
    const daysAgo = roll < 0.8 ? rng.int(10, 700) : rng.int(1, 20);
    const recordedAt = new Date(today.getTime() - daysAgo * 86_400_000);
    const state = roll < 0.8 ? 'active' : roll < 0.88 ? 'pending' : 'withdrawn';
    const by = flow === 'social_care_to_health' ? 'GP (on behalf of social services)' : 'Social worker';
    const method = flow === 'social_care_to_health' ? 'GP_COLLECTED' : 'PAPER_FORM';
    const history: ConsentDoc['history'] = [
      {
        state: method === 'GP_COLLECTED' ? 'pending' : 'active',
        at: recordedAt.toISOString(),
        by,
        byOrg: '',
        note: null,
      },
    ];
    if (state === 'active' && method === 'GP_COLLECTED') {
      history.push({
        state: 'active',
        at: new Date(recordedAt.getTime() + 3 * 86_400_000).toISOString(),
        by: 'Social services',
        byOrg: p.borough,
        note: 'paper form received',
      });
    }
    if (state === 'withdrawn')
      history.push({
        state: 'withdrawn',
        at: today.toISOString(),
        by: 'Person',
        byOrg: '',
        note: 'withdrawn by the person',
      });
    out.push({
      _id: `CON-${flow}-${p.nhsNumber}`,
      nhsNumber: p.nhsNumber,
      flow,
      state: state === 'pending' ? 'pending' : state,
      method,
      recordedBy: by,
      recordedByOrg: '',
      recordedAt: recordedAt.toISOString(),
      // Pending consent left to lapse if older than the 7 days social services have.
      confirmBy: state === 'pending' ? new Date(recordedAt.getTime() + 7 * 86_400_000).toISOString() : null,
      expiresAt: null,
      history,
    });
  }
  return out;
}

async function insertChunked<T extends { _id: string }>(insert: (docs: T[]) => Promise<void>, docs: T[]) {
  for (let i = 0; i < docs.length; i += CHUNK) await insert(docs.slice(i, i + CHUNK));
}

/** Demo accounts, the seeded policy, the person index and consents for the synthetic borough. */
export async function seedGovernance(
  store: GovernanceStore,
  population: Population,
  apiSchema: GraphQLSchema,
  opts: { totpPeriod: number; now: Date },
): Promise<{ users: number; persons: number; consents: number; held: number }> {
  await store.ensureIndexes();
  const users = await Promise.all(
    DEMO_USERS.map(async (u) => ({
      _id: u.username,
      username: u.username,
      name: u.name,
      role: u.role,
      org: u.org,
      orgName: u.orgName,
      team: u.team,
      phone: u.phone,
      passwordHash: await hashPassword(u.password),
      totpSecret: u.totpSecret,
      totpPeriod: opts.totpPeriod,
      failedAttempts: 0,
      lockedUntil: null,
      lastTotpStep: null,
    })),
  );
  await store.users.insertMany(users);
  await store.head.updateOne(
    { _id: 'head' },
    { $set: { policyVersion: 0, factsEpoch: 1 } },
    { upsert: true },
  );
  await store.policies.insertOne({
    _id: 'v1',
    version: 1,
    rules: toRules(defaultPolicy(apiSchema)),
    createdAt: opts.now.toISOString(),
    createdBy: 'seed',
    comment: 'Seeded policy (SPEC information governance rules)',
    basedOn: null,
    rollbackOf: null,
  });
  await store.head.updateOne({ _id: 'head' }, { $set: { policyVersion: 1 } });
  const today = new Date(`${population.today}T09:00:00Z`);
  const indexed = population.people.filter(
    (p): p is SyntheticPerson & { nhsNumber: string } => p.nhsNumber !== null,
  );
  const consents = indexed.flatMap((p) => consentsFor(p, population.seed, today));
  await insertChunked((d) => store.persons.insertMany(d), indexed.map(personIndexDoc));
  await insertChunked((d) => store.consents.insertMany(d), consents);
  // Local records that came without an NHS number wait for an admin: never linked by guesswork.
  const index = new PersonIndex(store, new HeadCache(store));
  const unlinked = population.people.filter((p) => p.nhsNumber === null);
  for (const p of unlinked) {
    const source = p.knownTo.socialCare ? 'SOCIAL_CARE' : 'COUNCIL';
    await index.hold(
      {
        source,
        nhsNumber: null,
        localId: source === 'SOCIAL_CARE' ? p.socialCareClientId : p.councilId,
        givenName: p.givenName,
        familyName: p.familyName,
        dateOfBirth: p.dateOfBirth,
        postcode: p.postcode,
        ...(source === 'SOCIAL_CARE' ? { borough: p.borough } : { councilArea: p.borough }),
      },
      'no NHS number on the local record',
      opts.now,
    );
  }
  return { users: users.length, persons: indexed.length, consents: consents.length, held: unlinked.length };
}
