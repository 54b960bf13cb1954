import type { SubgraphContext } from '@care/common';
import type { GovernanceLoaders } from './loaders';

export type GovernanceContext = SubgraphContext<GovernanceLoaders>;
