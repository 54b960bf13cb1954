import { Supergraph } from '@apollo/federation-internals';
import {
  GraphQLError,
  isObjectType,
  Kind,
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

/**
 * What stops a document being previewed (syntax, validation, then anything but a query); none
 * when it would run. A preview reads as the previewed role: a mutation in it would write records
 * in that role's name, with permissions the admin previewing may not have.
 */
export function previewProblems(schema: GraphQLSchema, query: string): string[] {
  try {
    const document = parse(query);
    const invalid = validate(schema, document).map((e) => e.message);
    if (invalid.length > 0) return invalid;
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (operations.some((d) => d.operation !== 'query'))
      return ['A preview runs queries only: mutations would write as the previewed role'];
    // A preview names no operation to run: the document must hold exactly one.
    return operations.length === 1 ? [] : ['A preview runs one query: the document holds several'];
  } catch (e) {
    if (e instanceof GraphQLError) return [e.message];
    throw e;
  }
}
