import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { sessionStore } from './session';

/** Why the gateway refused the token, as the sign-in page tells it. */
const SESSION_ENDED: Record<string, string> = {
  session_expired: 'Your session has expired. Sign in again to continue.',
  invalid_token: 'Your session is no longer valid. Sign in again to continue.',
};

/** The sign-in notice for an error that means the token is no longer accepted, or null. */
export function sessionEndNotice(error: unknown): string | null {
  if (CombinedGraphQLErrors.is(error)) {
    for (const e of error.errors) {
      const reason = String(e.extensions?.reason ?? '');
      // Only a refused token ends the session: a wrong password at sign-in is also UNAUTHENTICATED.
      if (e.extensions?.code === 'UNAUTHENTICATED' && SESSION_ENDED[reason]) return SESSION_ENDED[reason];
    }
    return null;
  }
  if (ServerError.is(error) && error.statusCode === 401) {
    return /session_expired/.test(error.bodyText)
      ? SESSION_ENDED.session_expired
      : SESSION_ENDED.invalid_token;
  }
  return null;
}

export function createApolloClient(): ApolloClient {
  const auth = new SetContextLink((prev) => {
    const token = sessionStore.token();
    return token ? { headers: { ...prev.headers, authorization: `Bearer ${token}` } } : {};
  });
  const expiry = new ErrorLink(({ error }) => {
    const notice = sessionEndNotice(error);
    if (notice && sessionStore.token()) sessionStore.end(notice);
  });
  return new ApolloClient({
    link: ApolloLink.from([expiry, auth, new HttpLink({ uri: '/graphql' })]),
    cache: new InMemoryCache({ typePolicies: { Person: { keyFields: ['nhsNumber'] } } }),
    defaultOptions: {
      // Governed data is always read fresh: a policy change must show at the next view, and a cached
      // copy would drop the errors that say which fields were withheld and why.
      watchQuery: { fetchPolicy: 'no-cache', errorPolicy: 'all' },
      query: { fetchPolicy: 'no-cache', errorPolicy: 'all' },
      mutate: { fetchPolicy: 'no-cache', errorPolicy: 'all' },
    },
  });
}
