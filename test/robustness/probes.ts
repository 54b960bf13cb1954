/**
 * Probe operations generated from the schema: one per input slot (an argument, or a field of an
 * input object at any depth) of every query and mutation, with harmless values everywhere else,
 * so a new argument is covered by the bad-input battery the day it is added.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/** A valid NHS number nobody holds: operations reach their checks without touching a real record. */
export const UNKNOWN_NHS = '9999999999';

export interface Slot {
  operation: 'query' | 'mutation';
  field: string;
  /** Argument name, then input field names down to the slot. */
  path: string[];
  /** The slot's named type: String, ID, NhsNumber, an enum… */
  type: string;
  isList: boolean;
}

export interface Probe {
  query: string;
  variables: Record<string, unknown>;
}

function dummy(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return dummy(type.ofType, depth);
  if (isListType(type)) return [dummy(type.ofType, depth)];
  if (isEnumType(type)) return type.getValues()[0]?.value;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    if (depth > 4) return out;
    for (const f of Object.values(type.getFields()))
      if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = dummy(f.type, depth + 1);
    return out;
  }
  switch (type.name) {
    case 'NhsNumber':
      return UNKNOWN_NHS;
    case 'Int':
      // Negative: counts, versions and limits are refused rather than acted on.
      return -1;
    case 'Float':
      return -1;
    case 'Boolean':
      return false;
    case 'ID':
      return 'no-such-id';
    default:
      return 'probe';
  }
}

function slotsOf(
  type: GraphQLInputType,
  path: string[],
  depth: number,
): { path: string[]; type: string; isList: boolean }[] {
  const named = getNamedType(type);
  let t = type;
  let isList = false;
  while (isNonNullType(t) || isListType(t)) {
    if (isListType(t)) isList = true;
    t = (t as { ofType: GraphQLInputType }).ofType;
  }
  if (isLeafType(named)) return [{ path, type: named.name, isList }];
  if (isInputObjectType(named) && depth < 4) {
    return Object.values(named.getFields()).flatMap((f) => slotsOf(f.type, [...path, f.name], depth + 1));
  }
  return [];
}

export function slots(schema: GraphQLSchema): Slot[] {
  const out: Slot[] = [];
  for (const operation of ['query', 'mutation'] as const) {
    const root = operation === 'query' ? schema.getQueryType() : schema.getMutationType();
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (field.name.startsWith('_')) continue;
      for (const arg of field.args)
        for (const s of slotsOf(arg.type, [arg.name], 0)) out.push({ operation, field: field.name, ...s });
    }
  }
  return out;
}

const typeString = (t: GraphQLInputType): string => t.toString();

function setAt(
  target: Record<string, unknown>,
  path: string[],
  value: unknown,
  type: GraphQLInputType,
): void {
  let obj = target;
  let t: GraphQLInputType = type;
  for (let i = 0; i < path.length - 1; i++) {
    const unwrapped = getNamedType(t);
    if (!isInputObjectType(unwrapped)) return;
    const fieldType = unwrapped.getFields()[path[i + 1]].type;
    let next = obj[path[i]];
    if (Array.isArray(next)) next = next[0];
    if (!next || typeof next !== 'object') {
      next = {};
      obj[path[i]] = isListType(isNonNullType(t) ? t.ofType : t) ? [next] : next;
    }
    obj = next as Record<string, unknown>;
    t = fieldType;
  }
  obj[path[path.length - 1]] = value;
}

/** One operation with `value` in the slot and harmless values in every other required input. */
export function probe(schema: GraphQLSchema, slot: Slot, value: unknown): Probe {
  const root = slot.operation === 'query' ? schema.getQueryType() : schema.getMutationType();
  const field = root?.getFields()[slot.field] as GraphQLField<unknown, unknown>;
  const variables: Record<string, unknown> = {};
  const used: GraphQLArgument[] = [];
  for (const arg of field.args) {
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    if (arg.name !== slot.path[0] && !required) continue;
    used.push(arg);
    variables[arg.name] = arg.name === slot.path[0] && slot.path.length === 1 ? value : dummy(arg.type);
  }
  if (slot.path.length > 1) {
    const arg = field.args.find((a) => a.name === slot.path[0]) as GraphQLArgument;
    const holder: Record<string, unknown> = { [arg.name]: variables[arg.name] };
    setAt(holder, slot.path, value, arg.type);
    variables[arg.name] = holder[arg.name];
  }
  const named = getNamedType(field.type);
  const selection = isLeafType(named) || isScalarType(named) ? '' : '{ __typename }';
  const decl = used.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
  const args = used.map((a) => `${a.name}: $${a.name}`).join(', ');
  return {
    query: `${slot.operation} Probe${decl ? `(${decl})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selection} }`,
    variables,
  };
}

/** The slot's schema coordinate: `Mutation.field(arg:)`, or `InputType.field` for a nested one. */
export function coordinateOf(schema: GraphQLSchema, slot: Slot): string {
  const root = slot.operation === 'query' ? schema.getQueryType() : schema.getMutationType();
  const field = root?.getFields()[slot.field] as GraphQLField<unknown, unknown>;
  if (slot.path.length === 1) return `${root?.name}.${slot.field}(${slot.path[0]}:)`;
  let type = getNamedType(field.args.find((a) => a.name === slot.path[0])?.type);
  for (const name of slot.path.slice(1, -1)) {
    if (!isInputObjectType(type)) break;
    type = getNamedType(type.getFields()[name].type);
  }
  return `${type?.name}.${slot.path[slot.path.length - 1]}`;
}
