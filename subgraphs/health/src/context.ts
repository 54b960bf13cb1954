import type { SubgraphContext } from '@care/common';
import type { DischargeLoaders } from './discharge/loaders';
import type { HealthLoaders } from './loaders';

export type HealthContext = SubgraphContext<HealthLoaders & DischargeLoaders>;
