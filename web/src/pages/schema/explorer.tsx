import { GraphiQL, type GraphiQLProps } from 'graphiql';
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { useEffect, useMemo } from 'react';
import { SchemaNav } from '../../components/schema-nav';
import { apiSchema } from '../../lib/api-schema';
import { sessionStore } from '../../lib/session';

/**
 * GraphiQL keeps tabs, responses and headers in localStorage by default; responses can hold
 * personal data, so this explorer keeps them in memory and forgets them when the page goes.
 */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem = (key: string): string | null => this.items.get(key) ?? null;
  setItem = (key: string, value: string): void => void this.items.set(key, value);
  removeItem = (key: string): void => void this.items.delete(key);
  clear = (): void => this.items.clear();
  get length(): number {
    return this.items.size;
  }
}

const fetcher: GraphiQLProps['fetcher'] = async (params, opts) => {
  const token = sessionStore.token();
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(opts?.headers ?? {}),
      // The signed-in user's own token: the explorer sees exactly what their role may see.
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(params),
  });
  return res.json();
};

const DEFAULT_QUERY = `# The care record API as your role sees it.
# Every read of a person's data is audited.
# A withheld field is null, with a FORBIDDEN
# error whose extensions.reason says why.
query WhoAmI {
  me {
    name
    role
    orgName
  }
}
`;

export default function SchemaExplorer() {
  const storage = useMemo(() => new MemoryStorage(), []);
  const schema = useMemo(() => apiSchema(), []);
  useEffect(() => {
    document.title = 'API explorer – Care record';
  }, []);
  return (
    <>
      <h1 className="visually-hidden">API explorer</h1>
      <SchemaNav />
      <div className="explorer">
        <GraphiQL
          fetcher={fetcher}
          schema={schema}
          storage={storage}
          defaultQuery={DEFAULT_QUERY}
          shouldPersistHeaders={false}
          isHeadersEditorEnabled={false}
          forcedTheme="light"
        />
      </div>
    </>
  );
}
