import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLType,
} from 'graphql';
import { useDeferredValue, useMemo, useState } from 'react';
import { Page } from '../../components/page';
import { SchemaNav } from '../../components/schema-nav';
import { FormField } from '../../components/ui';
import { apiSchema } from '../../lib/api-schema';
import { Link } from '../../lib/router';

const KINDS: { label: string; test: (t: GraphQLNamedType) => boolean }[] = [
  { label: 'Operations', test: (t) => t.name === 'Query' || t.name === 'Mutation' },
  { label: 'Object types', test: (t) => isObjectType(t) && t.name !== 'Query' && t.name !== 'Mutation' },
  { label: 'Interfaces and unions', test: (t) => isInterfaceType(t) || isUnionType(t) },
  { label: 'Input types', test: (t) => isInputObjectType(t) },
  { label: 'Enums', test: (t) => isEnumType(t) },
  { label: 'Scalars', test: (t) => isScalarType(t) },
];

function TypeRef({ type }: { type: GraphQLType }) {
  const named = getNamedType(type);
  const text = String(type);
  const [before, after] = text.split(named.name);
  return (
    <code>
      {before}
      <a href={`#type-${named.name}`}>{named.name}</a>
      {after}
    </code>
  );
}

function Args({ args }: { args: readonly GraphQLArgument[] }) {
  if (args.length === 0) return null;
  return (
    <ul className="args">
      {args.map((a) => (
        <li key={a.name}>
          <code>{a.name}</code>: <TypeRef type={a.type} />
          {a.defaultValue !== undefined && <span className="muted"> = {JSON.stringify(a.defaultValue)}</span>}
          {a.description && <span className="muted"> – {a.description}</span>}
        </li>
      ))}
    </ul>
  );
}

function Fields({ fields }: { fields: (GraphQLField<unknown, unknown> | GraphQLInputField)[] }) {
  return (
    <table className="table table-compact">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr key={f.name}>
            <td>
              <code>{f.name}</code>
            </td>
            <td>
              <TypeRef type={f.type} />
            </td>
            <td>
              {f.description}
              {'args' in f && <Args args={f.args} />}
              {f.deprecationReason && <p className="field-error">Deprecated: {f.deprecationReason}</p>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TypeDoc({ t }: { t: GraphQLNamedType }) {
  return (
    <section className="card type-doc" id={`type-${t.name}`} aria-labelledby={`h-${t.name}`}>
      <h3 id={`h-${t.name}`}>
        <code>{t.name}</code>
      </h3>
      {t.description && <p>{t.description}</p>}
      {(isObjectType(t) || isInterfaceType(t) || isInputObjectType(t)) && (
        <Fields fields={Object.values(t.getFields())} />
      )}
      {isEnumType(t) && (
        <dl className="enum-values">
          {t.getValues().map((v) => (
            <div key={v.name}>
              <dt>
                <code>{v.name}</code>
              </dt>
              <dd>{v.description}</dd>
            </div>
          ))}
        </dl>
      )}
      {isUnionType(t) && (
        <p>
          One of:{' '}
          {t.getTypes().map((m) => (
            <a key={m.name} href={`#type-${m.name}`}>
              {m.name}{' '}
            </a>
          ))}
        </p>
      )}
    </section>
  );
}

/** Every type of the API with its description, for front-end teams; searchable. */
export function SchemaTypesPage() {
  const schema = apiSchema();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim().toLowerCase());
  const types = useMemo(
    () =>
      Object.values(schema.getTypeMap())
        .filter((t) => !t.name.startsWith('__'))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [schema],
  );
  const match = (t: GraphQLNamedType) => {
    if (!q) return true;
    if (t.name.toLowerCase().includes(q) || (t.description ?? '').toLowerCase().includes(q)) return true;
    if (isObjectType(t) || isInputObjectType(t) || isInterfaceType(t))
      return Object.values(t.getFields()).some(
        (f) => f.name.toLowerCase().includes(q) || (f.description ?? '').toLowerCase().includes(q),
      );
    return false;
  };
  // Types named like the search first, then those that only mention it.
  const named = (t: GraphQLNamedType) => !!q && t.name.toLowerCase().includes(q);
  const shown = types.filter(match).sort((a, b) => Number(named(b)) - Number(named(a)));

  return (
    <Page title="Schema types" caption="For front-end teams">
      <SchemaNav />
      <p>
        The care record API is one GraphQL endpoint, <code>/graphql</code>, with a bearer token from{' '}
        <code>login</code>. Every field a role may not see returns <code>null</code> with an error whose{' '}
        <code>extensions.code</code> is <code>FORBIDDEN</code> and whose <code>extensions.reason</code> says
        why (role, relationship, consent, break_glass_needed). Try queries in the{' '}
        <Link to="/schema/explorer">API explorer</Link>.
      </p>
      <div className="filters" role="search" aria-label="Filter types">
        <FormField label="Search types and fields">
          {(p) => (
            <input
              {...p}
              type="search"
              className="input-wide"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          )}
        </FormField>
      </div>
      <p className="muted" role="status">
        {shown.length} of {types.length} types
      </p>
      {KINDS.map((k) => {
        const list = shown.filter(k.test);
        if (list.length === 0) return null;
        return (
          <section key={k.label} aria-label={k.label}>
            <h2>{k.label}</h2>
            {list.map((t) => (
              <TypeDoc key={t.name} t={t} />
            ))}
          </section>
        );
      })}
    </Page>
  );
}
