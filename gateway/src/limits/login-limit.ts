import type { ApolloServerPlugin } from '@apollo/server';
import { forEachField, fragmentsOf } from '@care/common';
import { Kind, type DocumentNode, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { rateLimited, type RateLimiter } from './rate-limit';

/**
 * The client address of an HTTP request, kept on its context under a symbol (Apollo copies the
 * context object per operation, own properties included, so a WeakMap keyed by it would miss).
 */
const ADDRESS = Symbol('client address');

export const rememberAddress = (ctx: object, address: string): void => {
  (ctx as Record<symbol, string>)[ADDRESS] = address;
};

const addressOf = (ctx: object): string | undefined => (ctx as Record<symbol, string | undefined>)[ADDRESS];

/**
 * Every `login` the mutation will run, however it is spelled: aliased, repeated, or inside inline
 * fragments and fragment spreads on the root type. Counting only plain top-level fields would let
 * `mutation { ...F }` guess passwords without ever being counted.
 */
function loginFields(op: OperationDefinitionNode | undefined, document: DocumentNode): FieldNode[] {
  if (op?.operation !== 'mutation') return [];
  const fragments = fragmentsOf(document);
  const found: FieldNode[] = [];
  forEachField(op.selectionSet, fragments, (f) => {
    if (f.name.value === 'login') found.push(f);
  });
  return found;
}

function usernameOf(field: FieldNode, variables: Record<string, unknown>): string {
  const arg = field.arguments?.find((a) => a.name.value === 'username')?.value;
  if (arg?.kind === Kind.STRING) return arg.value;
  if (arg?.kind === Kind.VARIABLE) {
    const v = variables[arg.name.value];
    return typeof v === 'string' ? v : JSON.stringify(v ?? null);
  }
  return '';
}

/**
 * Sign-in attempts are counted per user name and per client address in the shared store before
 * the login resolver runs, so a guessing client is slowed on every replica alike. A refused
 * attempt is RATE_LIMITED with HTTP 429 and Retry-After; it never reaches the password check.
 */
export function loginRateLimit<C extends object>(limiter: RateLimiter): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue }) {
      const address = addressOf(contextValue);
      // Operations run in process (previews, internal calls) have no client address to limit.
      if (address === undefined) return;
      return {
        async didResolveOperation({ operation, document, request }) {
          const fields = loginFields(operation, document);
          if (fields.length === 0) return;
          const { loginPerIp, loginPerUsername } = limiter.limits;
          // Each login in the operation is an attempt: aliasing fifteen of them into one request
          // must cost fifteen from the address's allowance, not one.
          for (const f of fields) {
            const byIp = await limiter.hit('login-ip', address, loginPerIp);
            if (!byIp.ok) throw rateLimited('sign-in attempts from this address', byIp.retryAfter);
            const name = usernameOf(f, request.variables ?? {}).toLowerCase();
            const byName = await limiter.hit('login-user', name, loginPerUsername);
            if (!byName.ok) throw rateLimited('sign-in attempts for this user name', byName.retryAfter);
          }
        },
      };
    },
  };
}
