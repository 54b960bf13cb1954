import type { SubgraphContext } from '@care/common';
import type { SocialCareLoaders } from './loaders';

export type SocialCareContext = SubgraphContext<SocialCareLoaders>;
