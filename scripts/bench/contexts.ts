/**
 * The caller as subgraphs see them, for calls that bypass our gateway: tokens signed with the
 * gateway's own keys (each single-use and bound to one request, as the gateway signs them), or the
 * unsigned bench header for governance-off subgraphs behind Hive Gateway.
 */
import { ContextKeys, type BoundRequest, type CareContext, type Role } from '@care/common';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DEMO_USERS } from '../../gateway/src/governance/demo-users';

export function careOf(role: Role, head: { policyVersion: number; factsEpoch: number }): CareContext {
  const u = DEMO_USERS.find((d) => d.role === role);
  if (!u) throw new Error(`no demo user for ${role}`);
  return {
    sub: u.username,
    name: u.name,
    role: u.role,
    org: u.org,
    team: u.team,
    purpose: 'direct_care',
    policyVersion: head.policyVersion,
    draftPolicy: null,
    factsEpoch: head.factsEpoch,
    breakGlass: [],
    requestId: `bench-${randomUUID()}`,
  };
}

/**
 * Context tokens for calling a subgraph directly, as the gateway signs them (single-use, bound to
 * the subgraph and the request): one per request, signed in the load generator's process, so the
 * measured subgraph does only its own work. A signature is microseconds, so none are made ahead.
 */
export function directTokens(
  dataDir: string,
  care: CareContext,
  audience: string,
): (request: BoundRequest) => string {
  const signer = ContextKeys.loadOrCreate(join(dataDir, 'keys')).signer();
  return (request) => signer.sign({ ...care, requestId: `bench-${randomUUID()}` }, audience, request);
}
