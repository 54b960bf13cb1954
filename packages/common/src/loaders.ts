import DataLoader from 'dataloader';
import { getNamedType, isObjectType, type GraphQLResolveInfo } from 'graphql';
import type { ServiceMetrics } from './metrics';
import { forEachField } from './selections';

/** The top-level field names selected under the current field, through fragments and aliases. */
export function selectedFields(info: GraphQLResolveInfo): string[] {
  const out = new Set<string>();
  for (const node of info.fieldNodes)
    forEachField(node.selectionSet, info.fragments, (f) => {
      if (!f.name.value.startsWith('__')) out.add(f.name.value);
    });
  // Only real object types have a selection; keep the type check for clarity in callers.
  if (!isObjectType(getNamedType(info.returnType))) return [];
  return [...out];
}

/** What one request's loaders share: where batch sizes are counted, and when a batch may be read. */
export interface LoaderEnv {
  metrics: ServiceMetrics | null;
  /** DataLoader's `batchScheduleFn` for this request (a FactsGate's, in a governed subgraph). */
  schedule?: (dispatch: () => void) => void;
}

/** DataLoader options every per-request loader takes from its environment. */
export const batchOptions = (env: LoaderEnv) => (env.schedule ? { batchScheduleFn: env.schedule } : {});

/** A per-request loader that counts its batch sizes. */
export function countedLoader<K, V>(
  env: LoaderEnv,
  name: string,
  batch: (keys: readonly K[]) => Promise<(V | Error)[]>,
): DataLoader<K, V> {
  return new DataLoader<K, V>((keys) => {
    env.metrics?.batchSize.observe({ loader: name }, keys.length);
    return batch(keys);
  }, batchOptions(env));
}

export interface ProjectedKey {
  key: string;
  fields: readonly string[];
}

/**
 * A DataLoader whose keys carry the fields the query asked for. Keys with the same field set
 * share one store read (`$in` over the keys, projected to those fields), so a list of N people
 * costs one read per distinct selection, not one per person.
 */
function projected<D, R>(
  name: string,
  env: LoaderEnv,
  fetch: (keys: string[], fields: readonly string[]) => Promise<D[]>,
  keyOf: (doc: D) => string,
  pick: (found: D[]) => R,
): DataLoader<ProjectedKey, R, string> {
  return new DataLoader<ProjectedKey, R, string>(
    async (keys) => {
      env.metrics?.batchSize.observe({ loader: name }, keys.length);
      const groups = new Map<string, { fields: readonly string[]; keys: Set<string> }>();
      for (const k of keys) {
        const sig = [...k.fields].sort().join(',');
        let g = groups.get(sig);
        if (!g) groups.set(sig, (g = { fields: k.fields, keys: new Set() }));
        g.keys.add(k.key);
      }
      const results = new Map<string, Map<string, D[]>>();
      await Promise.all(
        [...groups].map(async ([sig, g]) => {
          const docs = await fetch([...g.keys], g.fields);
          const byKey = new Map<string, D[]>();
          for (const d of docs) {
            const k = keyOf(d);
            const list = byKey.get(k);
            if (list) list.push(d);
            else byKey.set(k, [d]);
          }
          results.set(sig, byKey);
        }),
      );
      return keys.map((k) => {
        const found = results.get([...k.fields].sort().join(','))?.get(k.key) ?? [];
        return pick(found);
      });
    },
    { cacheKeyFn: (k) => `${k.key}|${[...k.fields].sort().join(',')}`, ...batchOptions(env) },
  );
}

type Fetch<D> = (keys: string[], fields: readonly string[]) => Promise<D[]>;

/** One document per key (e.g. a person's record by NHS number). */
export const projectedOne = <D>(name: string, env: LoaderEnv, fetch: Fetch<D>, keyOf: (d: D) => string) =>
  projected<D, D | null>(name, env, fetch, keyOf, (found) => found[0] ?? null);

/** Every document for a key (e.g. a person's encounters). */
export const projectedMany = <D>(name: string, env: LoaderEnv, fetch: Fetch<D>, keyOf: (d: D) => string) =>
  projected<D, D[]>(name, env, fetch, keyOf, (found) => found);
