import { projectedOne, type LoaderEnv } from '@care/common';
import type { CouncilStore } from './store/port';

export type CouncilLoaders = ReturnType<typeof councilLoaders>;

/** Per-request loaders: every person in a request is read in one batch per selection. */
export function councilLoaders(store: CouncilStore, env: LoaderEnv) {
  return {
    residentByNhs: projectedOne(
      'council.residentByNhs',
      env,
      (keys, fields) => store.residentsByNhs(keys, fields),
      (d) => d.nhsNumber ?? '',
    ),
  };
}
