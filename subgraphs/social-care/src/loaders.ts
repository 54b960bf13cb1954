import { projectedMany, projectedOne, type LoaderEnv } from '@care/common';
import type { SocialCareStore } from './store/port';

export type SocialCareLoaders = ReturnType<typeof socialCareLoaders>;

const byNhs = (d: { nhsNumber: string | null }): string => d.nhsNumber ?? '';

/**
 * Per-request loaders: every person in a request is read in one batch per selection, so a list
 * of people costs the same number of store reads whatever its length.
 */
export function socialCareLoaders(store: SocialCareStore, env: LoaderEnv) {
  return {
    clientByNhs: projectedOne(
      'socialCare.clientByNhs',
      env,
      (keys, fields) => store.clientsByNhs(keys, fields),
      byNhs,
    ),
    assessmentsByNhs: projectedMany(
      'socialCare.assessmentsByNhs',
      env,
      (keys, fields) => store.assessmentsByNhs(keys, fields),
      byNhs,
    ),
    servicesByNhs: projectedMany(
      'socialCare.servicesByNhs',
      env,
      (keys, fields) => store.servicesByNhs(keys, fields),
      byNhs,
    ),
    caseNotesByNhs: projectedMany(
      'socialCare.caseNotesByNhs',
      env,
      (keys, fields) => store.caseNotesByNhs(keys, fields),
      byNhs,
    ),
    referralsByNhs: projectedMany(
      'socialCare.referralsByNhs',
      env,
      (keys, fields) => store.referralsByNhs(keys, fields),
      byNhs,
    ),
  };
}
