import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';

const refuse = (message: string, code: string) =>
  new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

/**
 * A document whose operation cannot be chosen (a name it does not hold, several operations and no
 * name) or that subscribes is the client's mistake, answered 400 with Apollo's own codes. Without
 * a gateway Apollo lets graphql-js say so; with one, Apollo Gateway's executor throws instead, and
 * the client got a masked 500 and the log an "internal error".
 */
export function operationChoice<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request, document }) {
          // Apollo's own `operationName` is the chosen operation's, null when none was chosen.
          const operationName = request.operationName;
          if (!operation) {
            const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
            throw refuse(
              operationName
                ? `The document has no operation named "${operationName.slice(0, 100)}"`
                : operations.length > 1
                  ? 'The document holds several operations: say which to run in operationName'
                  : 'The document holds no operation to run',
              'OPERATION_RESOLUTION_FAILURE',
            );
          }
          if (operation.operation === 'subscription') {
            throw refuse('Subscriptions are not served: query or mutate instead', 'BAD_REQUEST');
          }
        },
      };
    },
  };
}
