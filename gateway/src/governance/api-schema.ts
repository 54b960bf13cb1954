import { Supergraph } from '@apollo/federation-internals';
import {
  GraphQLError,
  isObjectType,
  parse,
  validate,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/** The client-facing schema of the supergraph: what the permission matrix lists. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** Object types whose fields are governed, in a stable order: root types first, then by name. */
export function governedTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  const all = Object.values(schema.getTypeMap()).filter(
    (t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('_'),
  );
  const rank = (name: string) => (name === 'Query' ? 0 : name === 'Mutation' ? 1 : name === 'Person' ? 2 : 3);
  return all.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

export function coordinatesOf(schema: GraphQLSchema): Set<string> {
  const out = new Set<string>();
  for (const t of governedTypes(schema))
    for (const f of Object.keys(t.getFields())) out.add(`${t.name}.${f}`);
  return out;
}

/** What is wrong with a client document against the API schema (syntax, then validation); none when it would run. */
export function documentProblems(schema: GraphQLSchema, query: string): string[] {
  try {
    return validate(schema, parse(query)).map((e) => e.message);
  } catch (e) {
    if (e instanceof GraphQLError) return [e.message];
    throw e;
  }
}
