import { projectedMany, projectedOne, type ServiceMetrics } from '@care/common';
import type { SocialCareStore } from './store/port';

export type SocialCareLoaders = ReturnType<typeof socialCareLoaders>;

const byNhs = (d: { nhsNumber: string | null }): string => d.nhsNumber ?? '';

/**
 * Per-request loaders: every person in a request is read in one batch per selection, so a list
 * of people costs the same number of store reads whatever its length.
 */
export function socialCareLoaders(store: SocialCareStore, metrics: ServiceMetrics) {
  return {
    clientByNhs: projectedOne(
      'socialCare.clientByNhs',
      metrics,
      (keys, fields) => store.clientsByNhs(keys, fields),
      byNhs,
    ),
    assessmentsByNhs: projectedMany(
      'socialCare.assessmentsByNhs',
      metrics,
      (keys, fields) => store.assessmentsByNhs(keys, fields),
      byNhs,
    ),
    servicesByNhs: projectedMany(
      'socialCare.servicesByNhs',
      metrics,
      (keys, fields) => store.servicesByNhs(keys, fields),
      byNhs,
    ),
    caseNotesByNhs: projectedMany(
      'socialCare.caseNotesByNhs',
      metrics,
      (keys, fields) => store.caseNotesByNhs(keys, fields),
      byNhs,
    ),
    referralsByNhs: projectedMany(
      'socialCare.referralsByNhs',
      metrics,
      (keys, fields) => store.referralsByNhs(keys, fields),
      byNhs,
    ),
  };
}
