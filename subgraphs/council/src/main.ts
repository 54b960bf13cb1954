import { runSubgraph } from '@care/common';
import { createCouncilSubgraph } from './index';

void runSubgraph('council', createCouncilSubgraph);
