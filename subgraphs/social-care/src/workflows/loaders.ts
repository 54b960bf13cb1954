import DataLoader from 'dataloader';
import { batchOptions, type LoaderEnv } from '@care/common';
import type { WorkflowStore } from './store';
import type { CorrectionDoc, FinancialAssessmentDoc } from './types';

export type WorkflowLoaders = ReturnType<typeof workflowLoaders>;

function byNhs<D extends { nhsNumber: string }>(
  name: string,
  env: LoaderEnv,
  fetch: (keys: readonly string[]) => Promise<D[]>,
): DataLoader<string, D[]> {
  return new DataLoader<string, D[]>(async (keys) => {
    env.metrics?.batchSize.observe({ loader: name }, keys.length);
    const found = await fetch(keys);
    return keys.map((k) => found.filter((d) => d.nhsNumber === k));
  }, batchOptions(env));
}

/** Per-request loaders of the workflows: one store read per request for every person listed. */
export function workflowLoaders(store: WorkflowStore, env: LoaderEnv) {
  return {
    acceptedCorrectionsByNhs: byNhs<CorrectionDoc>('socialCare.acceptedCorrections', env, (k) =>
      store.acceptedCorrectionsByNhs(k),
    ),
    financialAssessmentsByNhs: byNhs<FinancialAssessmentDoc>('socialCare.financialAssessments', env, (k) =>
      store.financialByNhs(k),
    ),
  };
}
