import type { SubgraphContext } from '@care/common';
import type { CouncilLoaders } from './loaders';

export type CouncilContext = SubgraphContext<CouncilLoaders>;
