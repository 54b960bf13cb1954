import { Kind, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

export type Fragments = Readonly<Record<string, FragmentDefinitionNode | undefined>>;

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
