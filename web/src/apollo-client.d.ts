import '@apollo/client';

// Every operation uses errorPolicy 'all': a withheld field is null plus an error, and the rest of
// the data must still render. Declared here so hook result types account for partial data.
declare module '@apollo/client' {
  namespace ApolloClient {
    namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy: 'all';
      }
      interface Query {
        errorPolicy: 'all';
      }
      interface Mutate {
        errorPolicy: 'all';
      }
    }
  }
}
