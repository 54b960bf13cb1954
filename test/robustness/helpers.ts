/**
 * Raw HTTP and signed direct subgraph calls for the robustness and fault tests: what a client
 * (or an attacker holding a valid token) can send that the typed GatewayClient never would.
 */
import {
  ContextKeys,
  CONTEXT_HEADER,
  type CareContext,
  type Collection,
  type Role,
  type SubgraphName,
} from '@care/common';
import { createHash, randomUUID } from 'node:crypto';
import { DEMO_USERS } from '../../gateway/src/governance/demo-users';
import type { Stack } from '../support/stack';

export interface RawResult {
  status: number;
  headers: Headers;
  text: string;
  json: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  } | null;
}

/** POSTs exactly `body` (a string is sent as is) with the given headers. */
export async function post(
  url: string,
  body: string | object,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<RawResult> {
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: RawResult['json'] = null;
  try {
    json = JSON.parse(text) as RawResult['json'];
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The first error code of a GraphQL-shaped answer. */
export const codeOf = (r: RawResult): string | undefined =>
  r.json?.errors?.[0]?.extensions?.code as string | undefined;

export async function careFor(stack: Stack, role: Role): Promise<CareContext> {
  const u = DEMO_USERS.find((d) => d.role === role);
  if (!u) throw new Error(`no demo user for ${role}`);
  const head = await stack.governance.readHead();
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
    requestId: randomUUID(),
  };
}

/** Calls a subgraph directly with a context signed by the gateway's own key, as only the gateway can. */
export async function direct(
  stack: Stack,
  subgraph: SubgraphName | 'governance',
  role: Role,
  body: { query: string; variables?: Record<string, unknown> } | object[] | string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<RawResult> {
  const keys = ContextKeys.loadOrCreate(stack.config.keysDir);
  // Signed for exactly what is sent, as the gateway signs: what a subgraph then says of the body is
  // its answer to the input, not a refused token.
  const request = typeof body === 'object' && !Array.isArray(body) ? body : { query: '' };
  const token = keys.signer().sign(await careFor(stack, role), subgraph, request);
  const url =
    subgraph === 'governance'
      ? `${stack.url}/subgraphs/governance/graphql`
      : stack.config.subgraphUrls[subgraph];
  return post(url, body, { ...headers, [CONTEXT_HEADER]: token });
}

const digest = (docs: { _id: string }[]) =>
  createHash('sha256')
    .update(JSON.stringify([...docs].sort((a, b) => a._id.localeCompare(b._id))))
    .digest('hex')
    .slice(0, 16);

/**
 * What bad input must never change: the content of every collection of every subgraph store, and
 * of every governance collection except the audit trail (which records the attempts, as it
 * should) and the rate-limit counters (which count them). Preview drafts are included: a preview
 * keeps one only for a document that would run. Content, not the stores'
 * write counters: an update that matches nothing counts as a write there but changes nothing.
 */
export async function writesSnapshot(stack: Stack): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, s] of Object.entries(stack.subgraphs)) {
    // The embedded store's open collections (test-only peek: the DocStore port has no listing).
    const open = (s.store as unknown as { collections: Map<string, Collection<{ _id: string }>> })
      .collections;
    for (const [cname, c] of open) out[`${name}.${cname}`] = digest(await c.find({}));
  }
  const g = stack.governance;
  const collections = {
    users: g.users,
    head: g.head,
    policies: g.policies,
    persons: g.persons,
    consents: g.consents,
    windows: g.windows,
    alerts: g.alerts,
    notifications: g.notifications,
    matches: g.matches,
    drafts: g.drafts,
  };
  for (const [name, c] of Object.entries(collections)) out[`governance.${name}`] = digest(await c.find({}));
  return out;
}

/** Lets the event loop run pending store writes before a snapshot is compared. */
export const settle = () => new Promise((r) => setTimeout(r, 50));
