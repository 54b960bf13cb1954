import type { SubgraphContext } from '@care/common';
import type { SocialCareLoaders } from './loaders';
import type { WorkflowLoaders } from './workflows/loaders';

export type SocialCareContext = SubgraphContext<SocialCareLoaders & WorkflowLoaders>;
