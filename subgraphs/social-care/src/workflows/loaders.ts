import DataLoader from 'dataloader';
import type { ServiceMetrics } from '@care/common';
import type { WorkflowStore } from './store';
import type { CorrectionDoc, FinancialAssessmentDoc } from './types';

export type WorkflowLoaders = ReturnType<typeof workflowLoaders>;

function byNhs<D extends { nhsNumber: string }>(
  name: string,
  metrics: ServiceMetrics,
  fetch: (keys: readonly string[]) => Promise<D[]>,
): DataLoader<string, D[]> {
  return new DataLoader<string, D[]>(async (keys) => {
    metrics.batchSize.observe({ loader: name }, keys.length);
    const found = await fetch(keys);
    return keys.map((k) => found.filter((d) => d.nhsNumber === k));
  });
}

/** Per-request loaders of the workflows: one store read per request for every person listed. */
export function workflowLoaders(store: WorkflowStore, metrics: ServiceMetrics) {
  return {
    acceptedCorrectionsByNhs: byNhs<CorrectionDoc>('socialCare.acceptedCorrections', metrics, (k) =>
      store.acceptedCorrectionsByNhs(k),
    ),
    financialAssessmentsByNhs: byNhs<FinancialAssessmentDoc>(
      'socialCare.financialAssessments',
      metrics,
      (k) => store.financialByNhs(k),
    ),
  };
}
