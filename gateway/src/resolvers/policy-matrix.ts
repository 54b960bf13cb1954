import { ROLES, type PolicyDocument } from '@care/common';
import type { GraphQLSchema } from 'graphql';
import { governedTypes } from '../governance/api-schema';

/** The field-by-role matrix for every object type of the supergraph, denials included. */
export type PolicyMatrixView = ReturnType<typeof policyMatrix>;

export function policyMatrix(schema: GraphQLSchema, version: number, doc: PolicyDocument) {
  return {
    version,
    roles: [...ROLES],
    types: governedTypes(schema).map((t) => ({
      name: t.name,
      description: t.description ?? null,
      fields: Object.values(t.getFields()).map((f) => {
        const coordinate = `${t.name}.${f.name}`;
        const policy = doc.fields[coordinate];
        return {
          coordinate,
          field: f.name,
          description: f.description ?? null,
          notifyOnUnscheduledView: policy?.notifyOnUnscheduledView === true,
          cells: ROLES.map((role) => {
            const cell = policy?.cells[role];
            return { role, access: cell?.access ?? 'deny', consent: cell?.consent ?? null };
          }),
        };
      }),
    })),
  };
}
