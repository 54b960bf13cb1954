import { composeServices } from '@apollo/composition';
import { DEFAULT_PORTS } from '@care/common';
import { parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
export const SUPERGRAPH_PATH = join(ROOT, 'supergraph.graphql');

/** Every subgraph of the supergraph, with its schema file and default URL. */
export const SUBGRAPH_SOURCES = [
  {
    name: 'social-care',
    file: 'subgraphs/social-care/schema.graphql',
    url: `http://127.0.0.1:${DEFAULT_PORTS['social-care']}/graphql`,
  },
  {
    name: 'health',
    file: 'subgraphs/health/schema.graphql',
    url: `http://127.0.0.1:${DEFAULT_PORTS.health}/graphql`,
  },
  {
    name: 'council',
    file: 'subgraphs/council/schema.graphql',
    url: `http://127.0.0.1:${DEFAULT_PORTS.council}/graphql`,
  },
  {
    name: 'governance',
    file: 'gateway/schema.graphql',
    url: `http://127.0.0.1:${DEFAULT_PORTS.gateway}/subgraphs/governance/graphql`,
  },
] as const;

export type SupergraphSubgraph = (typeof SUBGRAPH_SOURCES)[number]['name'];

/** Composes the supergraph from the subgraph schemas; throws with every composition error. */
export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPH_SOURCES.map((s) => ({
      name: s.name,
      url: s.url,
      typeDefs: parse(readFileSync(join(ROOT, s.file), 'utf8')),
    })),
  );
  if (result.errors) {
    throw new Error(
      `Supergraph composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`,
    );
  }
  return result.supergraphSdl;
}

export const readSupergraph = (): string => readFileSync(SUPERGRAPH_PATH, 'utf8');
