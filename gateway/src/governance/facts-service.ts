import { emptyFacts, type PersonFacts } from '@care/common';
import type { GovernanceStore } from './store';

/** Governance facts for many people in three bulk reads: index, consents, open windows. */
export async function factsFor(
  store: GovernanceStore,
  nhsNumbers: readonly string[],
  now: Date,
): Promise<PersonFacts[]> {
  const ids = [...new Set(nhsNumbers)].slice(0, 5000);
  const [persons, consents, windows] = await Promise.all([
    store.persons.find({ _id: { $in: ids } }, { projection: ['gpPractice', 'borough', 'councilArea'] }),
    store.consents.find(
      { nhsNumber: { $in: ids } },
      { projection: ['nhsNumber', 'flow', 'state', 'confirmBy', 'expiresAt'] },
    ),
    store.windows.find(
      { nhsNumber: { $in: ids }, until: { $gt: now.toISOString() } },
      { projection: ['nhsNumber', 'kind', 'holder', 'until'] },
    ),
  ]);
  const byNhs = new Map<string, PersonFacts>(ids.map((n) => [n, emptyFacts(n)]));
  for (const p of persons) {
    const f = byNhs.get(p._id);
    if (f) Object.assign(f, { gpPractice: p.gpPractice, borough: p.borough, councilArea: p.councilArea });
  }
  for (const c of consents) {
    byNhs
      .get(c.nhsNumber)
      ?.consents.push({ flow: c.flow, state: c.state, confirmBy: c.confirmBy, expiresAt: c.expiresAt });
  }
  for (const w of windows) {
    const f = byNhs.get(w.nhsNumber);
    if (f) (w.kind === 'presence' ? f.presence : f.breakGlass).push({ holder: w.holder, until: w.until });
  }
  return nhsNumbers.map((n) => byNhs.get(n) ?? emptyFacts(n));
}
