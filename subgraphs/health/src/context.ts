import type { SubgraphContext } from '@care/common';
import type { HealthLoaders } from './loaders';

export type HealthContext = SubgraphContext<HealthLoaders>;
