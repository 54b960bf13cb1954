/**
 * Composes supergraph.graphql from the subgraph schemas with @apollo/composition (rover needs a
 * binary download, so we compose ourselves). `--check` fails when the checked-in file is stale.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_PATH } from '../gateway/src/supergraph';

const check = process.argv.includes('--check');
let sdl: string;
try {
  sdl = composeSupergraph();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
if (check) {
  const current = existsSync(SUPERGRAPH_PATH) ? readFileSync(SUPERGRAPH_PATH, 'utf8') : '';
  if (current !== sdl) {
    console.error('supergraph.graphql is stale: run `npm run compose` and commit the result.');
    process.exit(1);
  }
  console.log('supergraph.graphql matches a fresh composition.');
} else {
  writeFileSync(SUPERGRAPH_PATH, sdl);
  console.log(`wrote ${SUPERGRAPH_PATH}`);
}
