import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  typeFromAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { careError, ErrorCode } from '../errors';

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
  'ImportTransferInput.xml',
  'Mutation.previewAs(query:)',
  'Mutation.previewAs(variables:)',
];

// C0 controls other than tab, line feed and carriage return have no place in clinical or
// council text (XML 1.0 forbids them, a NUL truncates C strings downstream), and a lone
// surrogate is not Unicode at all: MongoDB's UTF-8 encoding would quietly turn it into U+FFFD,
// so what was stored would not be what the client sent.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function problemWith(text: string, document: boolean): string | null {
  if (!document && text.length > MAX_TEXT_LENGTH) return `is longer than ${MAX_TEXT_LENGTH} characters`;
  const control = CONTROL.exec(text);
  if (control)
    return `holds a control character (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`;
  if (LONE_SURROGATE.test(text)) return 'is not valid Unicode (a lone surrogate)';
  return null;
}

const refuse = (where: string, problem: string) =>
  careError(ErrorCode.BAD_USER_INPUT, `Text in ${where} ${problem}; nothing was done`, {
    argument: where,
    http: { status: 400 },
  });

/** What one document needs checked per request, worked out once per parsed document. */
interface Plan {
  /** A problem in a string written into the document itself. */
  literal: { where: string; problem: string } | null;
  /** Variables passed whole as a document argument. */
  documentVariables: Set<string>;
}

function planFor(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  documents: ReadonlySet<string>,
): Plan {
  const plan: Plan = { literal: null, documentVariables: new Set() };
  const typeInfo = new TypeInfo(schema);
  // The coordinates enclosing the value being visited: Type.field(arg:), then Input.field.
  const at: string[] = [];
  const inDocument = () => at.some((c) => documents.has(c));
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: (node) => (node === operation ? undefined : false),
      Argument: {
        enter(node) {
          const field = typeInfo.getFieldDef();
          const parent = typeInfo.getParentType();
          at.push(field && parent ? `${parent.name}.${field.name}(${node.name.value}:)` : node.name.value);
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
        if (at.length > 0 && inDocument()) plan.documentVariables.add(node.name.value);
      },
      StringValue(node) {
        if (plan.literal || at.length === 0) return;
        const problem = problemWith(node.value, inDocument());
        if (problem) plan.literal = { where: at[at.length - 1], problem };
      },
    }),
  );
  return plan;
}

/** Walks a variable's value as its declared type, so an input field's coordinate is known. */
function checkValue(
  value: unknown,
  type: GraphQLInputType,
  where: string,
  document: boolean,
  documents: ReadonlySet<string>,
): { where: string; problem: string } | null {
  if (value === null || value === undefined) return null;
  if (isNonNullType(type)) return checkValue(value, type.ofType, where, document, documents);
  if (isListType(type)) {
    if (!Array.isArray(value)) return checkValue(value, type.ofType, where, document, documents);
    for (let i = 0; i < value.length; i++) {
      const found = checkValue(value[i], type.ofType, `${where}[${i}]`, document, documents);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return null;
    const fields = type.getFields();
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[name];
      if (!field) continue; // graphql refuses unknown fields itself
      const isDocument = document || documents.has(`${type.name}.${name}`);
      const found = checkValue(v, field.type, `${where}.${name}`, isDocument, documents);
      if (found) return found;
    }
    return null;
  }
  // Scalars and enums: only text is checked; a JSON scalar's object (`_Any`, written by the
  // gateway) is left to the resolver that reads it.
  if (typeof value !== 'string') return null;
  const problem = problemWith(value, document);
  return problem ? { where, problem } : null;
}

/**
 * Refuses, before anything runs, text that no field should take: longer than MAX_TEXT_LENGTH
 * (documents apart), holding control characters, or not valid Unicode. One rule for every
 * argument of every service, so a new argument is covered the day it is added, and each
 * resolver's own checks (a reason of 2 to 1000 characters) stay about meaning. BAD_USER_INPUT
 * with HTTP 400, naming the argument, and nothing is written or audited.
 */
export function textInputGuard<C extends object>(
  documentArguments: readonly string[] = DOCUMENT_ARGUMENTS,
): ApolloServerPlugin<C> {
  const documents = new Set(documentArguments);
  // Keyed by the operation's node in the parsed document, which Apollo caches and reuses for the
  // same query text: the walk over the document runs once per distinct operation.
  const plans = new WeakMap<OperationDefinitionNode, Plan>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          let plan = plans.get(operation);
          if (!plan) {
            plan = planFor(schema, document, operation, documents);
            plans.set(operation, plan);
          }
          if (plan.literal) throw refuse(plan.literal.where, plan.literal.problem);
          const variables = request.variables ?? {};
          for (const def of operation.variableDefinitions ?? []) {
            const name = def.variable.name.value;
            const type = typeFromAST(schema, def.type) as GraphQLInputType | undefined;
            if (!type || !(name in variables)) continue;
            const found = checkValue(
              variables[name],
              type,
              `$${name}`,
              plan.documentVariables.has(name),
              documents,
            );
            if (found) throw refuse(found.where, found.problem);
          }
        },
      };
    },
  };
}
