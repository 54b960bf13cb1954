import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import { env } from '../config';

/**
 * How big and how deep one GraphQL document may be. The gateway's limits are set just above what
 * the web app's real queries need (see test/robustness/limits.test.ts, which checks every one of
 * them); a subgraph's are looser, because the gateway's query plans nest a level deeper
 * (`_entities`) and add fields of their own.
 */
export interface QueryLimits {
  /** Deepest field nesting (introspection excepted, which is switched off in production). */
  depth: number;
  /** Aliased fields per operation: what an alias bomb multiplies. */
  aliases: number;
  /** Directives per operation. */
  directives: number;
  /** Lexical tokens per document: bounds parsing work before anything else runs. */
  tokens: number;
  /** graphql-armor's static cost (objects 2, scalars 1, times 1.5 per level); 0 switches it off. */
  cost: number;
}

// The web app's largest document (the person page) has depth 6, 334 tokens and cost 814; the
// most aliases any uses is 4, and none uses a directive (measured when these were set).
export const GATEWAY_LIMITS: QueryLimits = {
  depth: 10,
  aliases: 15,
  directives: 10,
  tokens: 2000,
  cost: 5000,
};

export const SUBGRAPH_LIMITS: QueryLimits = {
  depth: 14,
  aliases: 60,
  directives: 50,
  tokens: 8000,
  cost: 0,
};

/**
 * Reads overrides such as LIMIT_DEPTH=12 from the environment; subgraphs read SUBGRAPH_LIMIT_DEPTH
 * and so on, so that tightening the gateway's limits in a shared environment cannot make the
 * subgraphs refuse the gateway's own (deeper) query plans. A value that is not a whole number
 * stops the service at start: quietly keeping the default would leave an operator believing a
 * limit they set is in force. Only the cost limit may be 0 (off); a depth or token limit of 0
 * would refuse every document.
 */
export function limitsFromEnv(
  base: QueryLimits,
  prefix = 'LIMIT_',
  source: NodeJS.ProcessEnv = process.env,
): QueryLimits {
  const read = (name: string, fallback: number, min: number) => env.int(prefix + name, fallback, min, source);
  return {
    depth: read('DEPTH', base.depth, 1),
    aliases: read('ALIASES', base.aliases, 0),
    directives: read('DIRECTIVES', base.directives, 0),
    tokens: read('TOKENS', base.tokens, 1),
    cost: read('COST', base.cost, 0),
  };
}

/**
 * graphql-armor's depth, alias, directive and cost rules as Apollo validation rules: refusals
 * are GRAPHQL_VALIDATION_FAILED with HTTP 400, before any resolver or subgraph runs. The token
 * limit is graphql-js's own `maxTokens` parse option (the same check armor's token plugin makes,
 * without parsing every new document twice, and reported as GRAPHQL_PARSE_FAILED like any other
 * unparseable document). Field suggestions are handled by `maskSuggestions`, per caller.
 */
export function armor(limits: QueryLimits): {
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
} {
  const { validationRules } = new ApolloArmor({
    blockFieldSuggestion: { enabled: false },
    maxTokens: { enabled: false },
    maxDepth: { n: limits.depth, ignoreIntrospection: true, flattenFragments: true, exposeLimits: true },
    maxAliases: { n: limits.aliases, exposeLimits: true },
    maxDirectives: { n: limits.directives, exposeLimits: true },
    costLimit:
      limits.cost > 0
        ? { maxCost: limits.cost, ignoreIntrospection: true, flattenFragments: true, exposeLimits: true }
        : { enabled: false },
  }).protect();
  return { validationRules, parseOptions: { maxTokens: limits.tokens } };
}

const SUGGESTION = /\s*Did you mean .+\?$/;

/**
 * "Cannot query field x. Did you mean y?" maps the schema for whoever probes it. `show` decides
 * per request (the gateway shows suggestions to signed-in staff in development only).
 */
export function maskSuggestions<C>(show: (ctx: C) => boolean): ApolloServerPlugin<C & object> {
  return {
    async requestDidStart({ contextValue }) {
      if (show(contextValue as C)) return;
      return {
        async didEncounterErrors({ errors }) {
          for (const e of errors) {
            if (SUGGESTION.test(e.message)) {
              (e as { message: string }).message = e.message.replace(SUGGESTION, '');
            }
          }
        },
      };
    },
  };
}
