import DataLoader from 'dataloader';
import type { ServiceMetrics } from '@care/common';
import type { DischargeStore } from './store';
import type { DischargeNoticeDoc } from './types';

export type DischargeLoaders = ReturnType<typeof dischargeLoaders>;

/** A person's notices, read in one batch for everyone in the request. */
export function dischargeLoaders(store: DischargeStore, metrics: ServiceMetrics) {
  return {
    dischargeNotices: new DataLoader<string, DischargeNoticeDoc[]>(async (keys) => {
      metrics.batchSize.observe({ loader: 'health.dischargeNotices' }, keys.length);
      const found = await store.byNhs(keys);
      return keys.map((k) => found.filter((n) => n.nhsNumber === k));
    }),
  };
}
