import {
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export type Fragments = Readonly<Record<string, FragmentDefinitionNode | undefined>>;

/** A document's fragments by name; no prototype, as graphql-js's own map (a fragment may be named `__proto__`). */
export function fragmentsOf(document: DocumentNode | undefined): Fragments {
  const fragments = Object.create(null) as Record<string, FragmentDefinitionNode>;
  for (const d of document?.definitions ?? [])
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return fragments;
}

/**
 * Calls `visit` with each field of `set`, seen through inline fragments and fragment spreads,
 * aliased and repeated fields each once. For validated documents only: validation has refused
 * fragment cycles, which would otherwise recurse without end.
 */
export function forEachField(
  set: SelectionSetNode | undefined,
  fragments: Fragments,
  visit: (field: FieldNode) => void,
): void {
  for (const sel of set?.selections ?? []) {
    if (sel.kind === Kind.FIELD) visit(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) forEachField(sel.selectionSet, fragments, visit);
    else forEachField(fragments[sel.name.value]?.selectionSet, fragments, visit);
  }
}
