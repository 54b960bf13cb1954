import { countedLoader, type LoaderEnv } from '@care/common';
import type { BreakGlassAlertDoc, ConsentDoc, PersonIndexDoc } from '../governance/documents';
import type { GovernanceStore } from '../governance/store';

const group = <D>(keys: readonly string[], docs: D[], keyOf: (d: D) => string): D[][] => {
  const by = new Map<string, D[]>();
  for (const d of docs) {
    const k = keyOf(d);
    const list = by.get(k);
    if (list) list.push(d);
    else by.set(k, [d]);
  }
  return keys.map((k) => by.get(k) ?? []);
};

export type GovernanceLoaders = ReturnType<typeof governanceLoaders>;

export function governanceLoaders(store: GovernanceStore, env: LoaderEnv) {
  return {
    person: countedLoader<string, PersonIndexDoc | null>(env, 'governance.person', async (keys) => {
      const docs = await store.persons.find({ _id: { $in: [...keys] } });
      const by = new Map(docs.map((d) => [d._id, d]));
      return keys.map((k) => by.get(k) ?? null);
    }),
    consents: countedLoader<string, ConsentDoc[]>(env, 'governance.consents', async (keys) =>
      group(
        keys,
        await store.consents.find({ nhsNumber: { $in: [...keys] } }, { sort: { recordedAt: -1 } }),
        (d) => d.nhsNumber,
      ),
    ),
    breakGlassUses: countedLoader<string, BreakGlassAlertDoc[]>(env, 'governance.breakGlass', async (keys) =>
      group(
        keys,
        await store.alerts.find({ nhsNumber: { $in: [...keys] } }, { sort: { at: -1 } }),
        (d) => d.nhsNumber,
      ),
    ),
  };
}
