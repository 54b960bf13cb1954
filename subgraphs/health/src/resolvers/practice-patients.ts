import { badInput } from '@care/common';
import type { QueryResolvers } from '../generated/resolvers-types';
import type { HealthStore } from '../store/port';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

/** The signed-in GP's own list: the practice comes from the signed context, never from arguments. */
export function practicePatientsResolver(
  store: HealthStore,
): NonNullable<QueryResolvers['practicePatients']> {
  return async (_root, { limit }, ctx) => {
    const n = limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
      throw badInput(`limit must be between 1 and ${MAX_LIMIT}`, { argument: 'limit' });
    }
    const patients = await store.patientsAtPractice(ctx.care.org, n);
    return patients.map((p) => ({ nhsNumber: p.nhsNumber }));
  };
}
