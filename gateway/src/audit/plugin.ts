import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import {
  ErrorCode,
  loggableError,
  forEachField,
  fragmentsOf,
  mergeAccess,
  personsOf,
  queryHash,
  UNSCHEDULED_CARE_ROLES,
  type Logger,
  type PersonAccess,
} from '@care/common';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context';
import type { AuditLog } from './log';
import type { AuditEntry, AuditOutcome } from './record';

export interface AuditHooks {
  /** Called after a read is audited, with the persons whose notify-fields unscheduled care saw. */
  onUnscheduledView?(ctx: GatewayContext, views: PersonAccess[]): Promise<void>;
}

/**
 * The root fields the operation runs, however they are spelled: inside inline fragments and
 * fragment spreads on the root type too. Reading only plain top-level fields let
 * `mutation { login(...) ...W }` pass as a sign-in, and `mutation { ... on Mutation { w } }` as
 * no write at all: neither was audited, and the second ran with the audit store down.
 */
function rootFields(
  op: OperationDefinitionNode | null | undefined,
  document: DocumentNode | undefined,
): string[] {
  if (!op) return [];
  const fragments = fragmentsOf(document);
  const names = new Set<string>();
  forEachField(op.selectionSet, fragments, (f) => {
    names.add(f.name.value);
  });
  return [...names];
}

/**
 * Types that describe people no NHS number names yet: records held for matching (names, dates of
 * birth, postcodes). Their fields come with no person to file them under, and are personal data
 * all the same, so a read of them is recorded in a group naming nobody.
 */
const UNLINKED_PEOPLE = ['MatchEntry.', 'MatchCandidate.'];

const showsUnlinkedPeople = (g: { allowed: string[]; denied: { field: string }[] }) =>
  [...g.allowed, ...g.denied.map((d) => d.field)].some((f) => UNLINKED_PEOPLE.some((t) => f.startsWith(t)));

/** Sign-in audits itself with what it knows (who tried, why it failed); nothing else runs with it. */
const onlyLogin = (roots: string[]) => roots.length > 0 && roots.every((r) => r === 'login');

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
      // A write's root fields, read once when its operation is resolved (a read needs none).
      let roots: string[] = [];
      return {
        async didResolveOperation({ contextValue, operation, operationName, source, document }) {
          contextValue.operationHash = queryHash(source);
          if (!operation || operation.operation !== 'mutation') return;
          roots = rootFields(operation, document);
          if (onlyLogin(roots)) return;
          try {
            await audit.append({
              ...entry(contextValue, operation, operationName ?? null, source),
              outcome: 'allowed',
              note: `attempt: ${roots.join(', ')}`,
            });
          } catch (e) {
            refusedBeforeRun = true;
            log.error({ err: loggableError(e) }, 'audit store refused a write attempt');
            throw new GraphQLError(auditUnavailable.message, {
              extensions: { ...auditUnavailable.extensions, http: { status: 503 } },
            });
          }
        },
        async willSendResponse({ contextValue, response, operation, operationName, source, errors }) {
          if (response.body.kind !== 'single' || refusedBeforeRun || !contextValue.care) return;
          const isWrite = operation?.operation === 'mutation';
          if (onlyLogin(roots)) return;
          // A read the gateway made for a request that records its access (the timeline's).
          if (contextValue.auditedByCaller && !isWrite) return;
          // Access across every subgraph's report, grouped; fields tied to no person are left out
          // (a list's root field, `me`, the policy matrix), but for held records' demographics.
          const groups = mergeAccess(contextValue.access)
            .map((g) => ({ ...g, persons: g.persons.filter((p): p is string => p !== null) }))
            .filter((g) => g.persons.length > 0 || showsUnlinkedPeople(g));
          if (!isWrite && groups.length === 0) return;
          const denied = groups.some((g) => g.denied.length > 0);
          const allowed = groups.some((g) => g.allowed.length > 0);
          const otherErrors = (errors ?? []).filter((e) => e.extensions?.code !== ErrorCode.FORBIDDEN).length;
          const outcome: AuditOutcome =
            otherErrors > 0 && !response.body.singleResult.data
              ? 'error'
              : denied && !allowed
                ? 'denied'
                : denied
                  ? 'partial'
                  : 'allowed';
          const record: AuditEntry = {
            ...entry(contextValue, operation, operationName ?? null, source ?? ''),
            breakGlass: groups.some((g) => g.breakGlass),
            outcome,
            // In the order the response first reached them (a caseload's order).
            persons: [...new Set(contextValue.access.flatMap((g) => g.persons))].filter(
              (p): p is string => p !== null,
            ),
            access: groups.map((g) => ({ persons: g.persons, allowed: g.allowed, denied: g.denied })),
            note: isWrite ? `outcome: ${roots.join(', ')}` : null,
          };
          try {
            await audit.append(record);
          } catch (e) {
            log.error({ err: loggableError(e) }, 'audit store refused a read record');
            response.body.singleResult = { errors: [auditUnavailable] };
            if (response.http) response.http.status = 503;
            return;
          }
          const views = personsOf(groups.filter((g) => g.notify.length > 0));
          if (
            views.length > 0 &&
            UNSCHEDULED_CARE_ROLES.includes(contextValue.care.role) &&
            hooks.onUnscheduledView
          ) {
            await hooks
              .onUnscheduledView(contextValue, views)
              .catch((e: Error) => log.error({ err: loggableError(e) }, 'CP notification failed'));
          }
        },
      };
    },
  };
}
