/**
 * The IG admin's unpublished matrix changes, kept while they move between the matrix and the
 * preview page, so "preview as" runs against exactly what they are about to publish.
 */
import { useSyncExternalStore } from 'react';
import type { Access, CellChangeInput, ConsentFlow, Role } from '../generated/graphql';

export interface DraftCell {
  access: Access;
  consent: ConsentFlow | null;
}

export const cellKey = (coordinate: string, role: string): string => `${coordinate}|${role}`;

let cells = new Map<string, DraftCell>();
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export const policyDraft = {
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  get: (): ReadonlyMap<string, DraftCell> => cells,
  /** Sets a cell; a value equal to the published one removes the change. */
  set(coordinate: string, role: string, next: DraftCell, published: DraftCell): void {
    const m = new Map(cells);
    if (next.access === published.access && (next.consent ?? null) === (published.consent ?? null))
      m.delete(cellKey(coordinate, role));
    else m.set(cellKey(coordinate, role), next);
    cells = m;
    emit();
  },
  clear(): void {
    cells = new Map();
    emit();
  },
  changes(): CellChangeInput[] {
    return [...cells].map(([key, c]) => {
      const [coordinate, role] = key.split('|');
      return { coordinate, role: role as Role, access: c.access, consent: c.consent };
    });
  },
};

export const usePolicyDraft = (): ReadonlyMap<string, DraftCell> =>
  useSyncExternalStore(policyDraft.subscribe, policyDraft.get);
