import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import {
  ErrorCode,
  groupAccess,
  mergeAccess,
  queryHash,
  UNSCHEDULED_CARE_ROLES,
  type Logger,
  type PersonAccess,
} from '@care/common';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context';
import type { AuditLog } from './log';
import type { AuditEntry, AuditOutcome } from './record';

export interface AuditHooks {
  /** Called after a read is audited, with the persons whose notify-fields unscheduled care saw. */
  onUnscheduledView?(ctx: GatewayContext, views: PersonAccess[]): Promise<void>;
}

const rootFields = (op: OperationDefinitionNode | null | undefined): string[] =>
  op?.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) ?? [];

const auditUnavailable = {
  message: 'The audit trail cannot record this access, so it is refused',
  extensions: { code: ErrorCode.AUDIT_UNAVAILABLE },
};

/**
 * Every read of a person's data and every write is recorded before the response goes back.
 * Writes are recorded twice: an attempt before they run (so no write happens unaudited) and the
 * outcome after. If the audit store refuses, the request is refused (fail closed).
 */
export function auditPlugin(
  audit: AuditLog,
  log: Logger,
  hooks: AuditHooks = {},
): ApolloServerPlugin<GatewayContext> {
  const entry = (
    ctx: GatewayContext,
    op: OperationDefinitionNode | null | undefined,
    name: string | null,
    source: string,
  ): AuditEntry => ({
    at: new Date().toISOString(),
    requestId: ctx.care.requestId,
    user: ctx.care.sub,
    role: ctx.care.role,
    org: ctx.care.org,
    purpose: ctx.care.purpose,
    breakGlass: false,
    kind: op?.operation === 'mutation' ? 'write' : 'read',
    operationName: name,
    operationHash: ctx.operationHash ?? queryHash(source),
    outcome: 'allowed',
    persons: [],
    access: [],
    note: null,
  });

  return {
    async requestDidStart() {
      let refusedBeforeRun = false;
      return {
        async didResolveOperation({ contextValue, operation, operationName, source }) {
          contextValue.operationHash = queryHash(source);
          const roots = rootFields(operation);
          // Sign-in audits itself with what it knows (who tried, why it failed).
          if (!operation || operation.operation !== 'mutation' || roots.every((r) => r === 'login')) return;
          try {
            await audit.append({
              ...entry(contextValue, operation, operationName ?? null, source),
              outcome: 'allowed',
              note: `attempt: ${roots.join(', ')}`,
            });
          } catch (e) {
            refusedBeforeRun = true;
            log.error({ err: (e as Error).message }, 'audit store refused a write attempt');
            throw new GraphQLError(auditUnavailable.message, {
              extensions: { ...auditUnavailable.extensions, http: { status: 503 } },
            });
          }
        },
        async willSendResponse({ contextValue, response, operation, operationName, source, errors }) {
          if (response.body.kind !== 'single' || refusedBeforeRun || !contextValue.care) return;
          const roots = rootFields(operation);
          const isWrite = operation?.operation === 'mutation';
          if (roots.length > 0 && roots.every((r) => r === 'login')) return;
          const people = mergeAccess(contextValue.access).filter((a) => a.nhsNumber !== null);
          if (!isWrite && people.length === 0) return;
          const denied = people.reduce((n, p) => n + p.denied.length, 0);
          const allowed = people.reduce((n, p) => n + p.allowed.length, 0);
          const otherErrors = (errors ?? []).filter((e) => e.extensions?.code !== ErrorCode.FORBIDDEN).length;
          const outcome: AuditOutcome =
            otherErrors > 0 && !response.body.singleResult.data
              ? 'error'
              : denied > 0 && allowed === 0
                ? 'denied'
                : denied > 0
                  ? 'partial'
                  : 'allowed';
          const record: AuditEntry = {
            ...entry(contextValue, operation, operationName ?? null, source ?? ''),
            breakGlass: people.some((p) => p.breakGlass),
            outcome,
            persons: people.map((p) => p.nhsNumber as string),
            access: groupAccess(people).map((g) => ({
              persons: g.persons as string[],
              allowed: g.allowed,
              denied: g.denied,
            })),
            note: isWrite ? `outcome: ${roots.join(', ')}` : null,
          };
          try {
            await audit.append(record);
          } catch (e) {
            log.error({ err: (e as Error).message }, 'audit store refused a read record');
            response.body.singleResult = { errors: [auditUnavailable] };
            if (response.http) response.http.status = 503;
            return;
          }
          const views = people.filter((p) => p.notify.length > 0);
          if (
            views.length > 0 &&
            UNSCHEDULED_CARE_ROLES.includes(contextValue.care.role) &&
            hooks.onUnscheduledView
          ) {
            await hooks
              .onUnscheduledView(contextValue, views)
              .catch((e: Error) => log.error({ err: e.message }, 'CP notification failed'));
          }
        },
      };
    },
  };
}
