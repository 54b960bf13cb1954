import DataLoader from 'dataloader';
import { batchOptions, type LoaderEnv } from '@care/common';
import type { DischargeStore } from './store';
import type { DischargeNoticeDoc } from './types';

export type DischargeLoaders = ReturnType<typeof dischargeLoaders>;

/** A person's notices, read in one batch for everyone in the request. */
export function dischargeLoaders(store: DischargeStore, env: LoaderEnv) {
  return {
    dischargeNotices: new DataLoader<string, DischargeNoticeDoc[]>(async (keys) => {
      env.metrics?.batchSize.observe({ loader: 'health.dischargeNotices' }, keys.length);
      const found = await store.byNhs(keys);
      return keys.map((k) => found.filter((n) => n.nhsNumber === k));
    }, batchOptions(env)),
  };
}
