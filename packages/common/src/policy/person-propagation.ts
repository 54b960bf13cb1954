import { defaultFieldResolver, getNamedType, isObjectType, type GraphQLSchema } from 'graphql';

const personOfParent = (parent: unknown): string | null =>
  parent && typeof parent === 'object' && typeof (parent as { nhsNumber?: unknown }).nhsNumber === 'string'
    ? (parent as { nhsNumber: string }).nhsNumber
    : null;

function stamp(value: unknown, nhs: string): unknown {
  if (Array.isArray(value)) return value.map((v) => stamp(v, nhs));
  if (value && typeof value === 'object' && !('nhsNumber' in value)) return { ...value, nhsNumber: nhs };
  return value;
}

/**
 * Objects nested under a person belong to that person: every object-typed field passes its
 * parent's NHS number down to the objects it returns, so the shield can always check the
 * relationship, however deep the field. Applied before the shield; mutates resolvers in place.
 */
export function propagatePerson(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (
      !isObjectType(type) ||
      type.name.startsWith('__') ||
      type.name === 'Query' ||
      type.name === 'Mutation'
    ) {
      continue;
    }
    for (const field of Object.values(type.getFields())) {
      if (!isObjectType(getNamedType(field.type))) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args, ctx, info) => {
        const nhs = personOfParent(parent);
        const result = resolve(parent, args, ctx, info);
        if (!nhs) return result;
        return result instanceof Promise ? result.then((r) => stamp(r, nhs)) : stamp(result, nhs);
      };
    }
  }
  return schema;
}
