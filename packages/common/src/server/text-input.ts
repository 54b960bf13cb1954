import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  typeFromAST,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { careError, ErrorCode } from '../errors';
import { fragmentsOf } from '../selections';

/** The longest text any argument takes, documents apart: the longest note field is 2000. */
export const MAX_TEXT_LENGTH = 10_000;

/**
 * Arguments that carry a whole document (a FHIR resource, a transfer file, a CSV, a GraphQL
 * query to preview): bounded by the request body limit and checked by their own parsers, not by
 * MAX_TEXT_LENGTH. Named as schema coordinates; each service uses the ones its schema has.
 */
export const DOCUMENT_ARGUMENTS: readonly string[] = [
  'Mutation.importFhir(document:)',
  'Mutation.importClientLevelData(csv:)',
  'TransferImportInput.xml',
  'Mutation.previewAs(query:)',
  'Mutation.previewAs(variables:)',
];

// C0 controls other than tab, line feed and carriage return have no place in clinical or
// council text (XML 1.0 forbids them, as it does U+FFFE and U+FFFF, and a NUL truncates C
// strings downstream), and a lone surrogate is not Unicode at all: MongoDB's UTF-8 encoding would
// quietly turn it into U+FFFD, so what was stored would not be what the client sent.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` is refused, or null. Lengths are counted in UTF-16 units, as GraphQL strings are. */
export function textProblem(text: string, document = false): string | null {
  if (!document && text.length > MAX_TEXT_LENGTH) return `is longer than ${MAX_TEXT_LENGTH} characters`;
  const bad = FORBIDDEN_CHARACTER.exec(text);
  if (bad) {
    const code = bad[0].charCodeAt(0);
    const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return code >= 0xfffe ? `holds a noncharacter (${name})` : `holds a control character (${name})`;
  }
  if (LONE_SURROGATE.test(text)) return 'is not valid Unicode (a lone surrogate)';
  return null;
}

const refuse = (where: string, problem: string) =>
  careError(ErrorCode.BAD_USER_INPUT, `Text in ${where} ${problem}; nothing was changed`, {
    argument: where,
    http: { status: 400 },
  });

interface Found {
  where: string;
  problem: string;
}

/** What one operation needs checked per request, worked out once per parsed operation. */
interface Plan {
  /** A problem in a string written into the document itself (a default value's included). */
  literal: Found | null;
  /** The declared variables, with their types, and whether only document arguments take them. */
  variables: { name: string; type: GraphQLInputType; document: boolean }[];
}

/** The fragments an operation uses, however deeply spread. */
function usedFragments(document: DocumentNode, operation: OperationDefinitionNode): Set<string> {
  const defs = fragmentsOf(document);
  const used = new Set<string>();
  const spreadsIn = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const def = defs[name];
        if (used.has(name) || !def) return;
        used.add(name);
        spreadsIn(def);
      },
    });
  spreadsIn(operation);
  return used;
}

function planFor(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  documents: ReadonlySet<string>,
): Plan {
  let literal: Found | null = null;
  const uses = new Map<string, { document: boolean; other: boolean }>();
  const fragments = usedFragments(document, operation);
  const typeInfo = new TypeInfo(schema);
  // The coordinates enclosing the value being visited: Type.field(arg:) or @directive(arg:), then
  // Input.field for each input object field inside.
  const at: string[] = [];
  const inDocument = () => at.some((c) => documents.has(c));
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: (node) => (node === operation ? undefined : false),
      FragmentDefinition: (node) => (fragments.has(node.name.value) ? undefined : false),
      // Default values are checked below, as values of the variable's type.
      VariableDefinition: () => false,
      Argument: {
        enter(node) {
          const directive = typeInfo.getDirective();
          const field = typeInfo.getFieldDef();
          const parent = typeInfo.getParentType();
          at.push(
            directive
              ? `@${directive.name}(${node.name.value}:)`
              : field && parent
                ? `${parent.name}.${field.name}(${node.name.value}:)`
                : node.name.value,
          );
        },
        leave: () => void at.pop(),
      },
      ObjectField: {
        enter(node) {
          const parent = typeInfo.getParentInputType();
          at.push(`${parent ? getNamedType(parent).name : '?'}.${node.name.value}`);
        },
        leave: () => void at.pop(),
      },
      Variable(node) {
        if (at.length === 0) return;
        const use = uses.get(node.name.value) ?? { document: false, other: false };
        if (inDocument()) use.document = true;
        else use.other = true;
        uses.set(node.name.value, use);
      },
      StringValue(node) {
        if (literal || at.length === 0) return;
        const problem = textProblem(node.value, inDocument());
        if (problem) literal = { where: at[at.length - 1], problem };
      },
    }),
  );
  const variables: Plan['variables'] = [];
  for (const def of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, def.type);
    // An unknown type fails validation before this runs; numbers, booleans and enums hold no text.
    if (!type || !isInputType(type) || !mayHoldText(type)) continue;
    const name = def.variable.name.value;
    const use = uses.get(name);
    // A variable given to a document argument and to a text one is held to the text's limit.
    const document = !!use?.document && !use.other;
    variables.push({ name, type, document });
    if (def.defaultValue && !literal)
      literal = variableProblem(name, valueFromAST(def.defaultValue, type), type, document, documents);
  }
  return { literal, variables };
}

/** Whether a value of this type can hold text at all (enums and numbers cannot). */
const mayHoldText = (() => {
  const known = new WeakMap<GraphQLInputType, boolean>();
  const check = (type: GraphQLInputType, seen: Set<GraphQLInputType>): boolean => {
    const named = getNamedType(type);
    const cached = known.get(named);
    if (cached !== undefined) return cached;
    if (!isInputObjectType(named))
      return !['Int', 'Float', 'Boolean'].includes(named.name) && !isEnumType(named);
    // A self-referencing input type may hold text through itself: assume so while it is walked.
    if (seen.has(named)) return true;
    seen.add(named);
    const result = Object.values(named.getFields()).some((f) => check(f.type, seen));
    known.set(named, result);
    return result;
  };
  return (type: GraphQLInputType) => check(type, new Set());
})();

/**
 * Walks a variable's value as its declared type, so an input field's coordinate is known. The
 * path to a problem is built only when there is one (on the way back up), not for every value.
 */
function checkValue(
  value: unknown,
  type: GraphQLInputType,
  document: boolean,
  documents: ReadonlySet<string>,
): { path: string[]; problem: string } | null {
  if (value === null || value === undefined) return null;
  if (isNonNullType(type)) return checkValue(value, type.ofType, document, documents);
  if (isListType(type)) {
    if (!Array.isArray(value)) return checkValue(value, type.ofType, document, documents);
    for (let i = 0; i < value.length; i++) {
      const found = checkValue(value[i], type.ofType, document, documents);
      if (found) return (found.path.push(`[${i}]`), found);
    }
    return null;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return null;
    const fields = type.getFields();
    for (const name in value) {
      const field = fields[name];
      if (!field) continue; // graphql refuses unknown fields itself
      const isDocument = document || documents.has(`${type.name}.${name}`);
      const found = checkValue((value as Record<string, unknown>)[name], field.type, isDocument, documents);
      if (found) return (found.path.push(`.${name}`), found);
    }
    return null;
  }
  // Scalars and enums: only text is checked; a JSON scalar's object (`_Any`, written by the
  // gateway) is left to the resolver that reads it.
  if (typeof value !== 'string') return null;
  const problem = textProblem(value, document);
  return problem ? { path: [], problem } : null;
}

/** A variable's problem, named as the client sent it: `$input.reason`, `$ids[2]`. */
function variableProblem(
  name: string,
  value: unknown,
  type: GraphQLInputType,
  document: boolean,
  documents: ReadonlySet<string>,
): Found | null {
  const found = checkValue(value, type, document, documents);
  return found ? { where: `$${name}${found.path.reverse().join('')}`, problem: found.problem } : null;
}

/**
 * Refuses, before anything runs, text that no field should take: longer than MAX_TEXT_LENGTH
 * (documents apart), holding control characters, or not valid Unicode. One rule for every
 * argument of every service, so a new argument is covered the day it is added, and each
 * resolver's own checks (a reason of 2 to 1000 characters) stay about meaning. BAD_USER_INPUT
 * with HTTP 400, naming the argument, before any resolver runs, so no record changes. The
 * attempt itself is not hidden: Apollo runs every plugin's didResolveOperation together, so the
 * audit trail records it (as an error) and a refused sign-in still counts against the rate limit.
 */
export function textInputGuard<C extends object>(
  documentArguments: readonly string[] = DOCUMENT_ARGUMENTS,
): ApolloServerPlugin<C> {
  const documents = new Set(documentArguments);
  // Keyed by schema, then by the operation's node in the parsed document, which Apollo caches and
  // reuses for the same query text: the walk over the document runs once per distinct operation.
  const plans = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, Plan>>();
  const planOf = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) => {
    let bySchema = plans.get(schema);
    if (!bySchema) plans.set(schema, (bySchema = new WeakMap()));
    let plan = bySchema.get(operation);
    if (!plan) bySchema.set(operation, (plan = planFor(schema, document, operation, documents)));
    return plan;
  };
  const listener = {
    async didResolveOperation({
      schema,
      document,
      operation,
      request,
    }: GraphQLRequestContextDidResolveOperation<C>) {
      if (!operation) return;
      const plan = planOf(schema, document, operation);
      if (plan.literal) throw refuse(plan.literal.where, plan.literal.problem);
      const values = request.variables;
      if (!values) return;
      for (const v of plan.variables) {
        if (!(v.name in values)) continue;
        const found = variableProblem(v.name, values[v.name], v.type, v.document, documents);
        if (found) throw refuse(found.where, found.problem);
      }
    },
  };
  // Nothing in the listener depends on the request: one object serves them all.
  return { requestDidStart: async () => listener };
}
