import { buildSchema, type GraphQLSchema } from 'graphql';
// The client-facing schema printed at build time (scripts/print-api-schema.ts): the schema pages
// work even where the gateway has introspection turned off, as in production.
import sdl from '../generated/schema.graphql?raw';

let built: GraphQLSchema | null = null;

export function apiSchema(): GraphQLSchema {
  built ??= buildSchema(sdl);
  return built;
}

export const apiSdl = sdl;
