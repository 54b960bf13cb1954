import { runSubgraph } from '@care/common';
import { createHealthSubgraph } from './index';

void runSubgraph('health', createHealthSubgraph);
