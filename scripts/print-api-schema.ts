/**
 * Prints the client-facing schema of the supergraph (what a front end may query: no federation
 * internals) for the web front end's typed operations. Usage: tsx scripts/print-api-schema.ts [out]
 */
import { printSchema } from 'graphql';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { apiSchemaOf } from '../gateway/src/governance/api-schema';
import { readSupergraph } from '../gateway/src/supergraph';

const out = resolve(process.argv[2] ?? resolve(__dirname, '..', 'web', 'src', 'generated', 'schema.graphql'));
const sdl = `${printSchema(apiSchemaOf(readSupergraph()))}\n`;

let previous = '';
try {
  previous = readFileSync(out, 'utf8');
} catch {
  // first run: nothing printed yet
}
// Rewriting an unchanged file would wake every watcher (vite, codegen) for nothing.
if (previous !== sdl) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, sdl);
}
console.log(`API schema: ${out}`);
