import { runSubgraph } from '@care/common';
import { createSocialCareSubgraph } from './index';

void runSubgraph('social-care', createSocialCareSubgraph);
