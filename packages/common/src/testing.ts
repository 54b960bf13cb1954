/**
 * Test support: sign contexts as the gateway would and call a subgraph directly, with a
 * policy and governance facts the test controls. Used by unit tests beside each service.
 */
import { randomUUID } from 'node:crypto';
import { ContextKeys } from './context-keys';
import type { CareContext } from './context-token';
import { emptyFacts, type PersonFacts } from './facts';
import type { GovernanceSource } from './governance-source';
import { createLogger } from './logger';
import type { PolicyDocument } from './policy/types';
import type { Role } from './roles';
import { CONTEXT_HEADER, type SubgraphRuntime } from './server/subgraph';

export class FakeGovernance implements GovernanceSource {
  policies = new Map<number, PolicyDocument>();
  people = new Map<string, PersonFacts>();
  factCalls = 0;

  async policy(version: number): Promise<PolicyDocument> {
    const p = this.policies.get(version);
    if (!p) throw new Error(`no policy ${version}`);
    return p;
  }

  async facts(nhsNumbers: readonly string[]): Promise<PersonFacts[]> {
    this.factCalls++;
    return nhsNumbers.map((n) => this.people.get(n) ?? emptyFacts(n));
  }

  setFacts(f: Partial<PersonFacts> & { nhsNumber: string }): void {
    this.people.set(f.nhsNumber, { ...emptyFacts(f.nhsNumber), ...f });
  }
}

/** A policy granting every listed coordinate to every listed role, with `related` access. */
export function grantAll(
  coordinates: string[],
  roles: Role[],
  access: 'related' | 'any' = 'any',
): PolicyDocument {
  const cells = Object.fromEntries(roles.map((r) => [r, { access }]));
  return { fields: Object.fromEntries(coordinates.map((c) => [c, { cells: { ...cells } }])) };
}

export interface TestViewer {
  role: Role;
  org: string;
  sub?: string;
  policyVersion?: number;
  factsEpoch?: number;
  breakGlass?: string[];
}

export class TestGateway {
  readonly governance = new FakeGovernance();
  readonly keys = ContextKeys.generate();
  readonly signer = this.keys.signer();

  private constructor() {}

  static async create(): Promise<TestGateway> {
    return new TestGateway();
  }

  runtime(clock?: () => Date): SubgraphRuntime {
    return {
      contextKeys: this.keys.ring,
      governance: this.governance,
      log: createLogger('test', 'silent'),
      clock,
    };
  }

  context(v: TestViewer): CareContext {
    return {
      sub: v.sub ?? `${v.role}.user`,
      name: `Test ${v.role}`,
      role: v.role,
      org: v.org,
      team: null,
      purpose: 'direct_care',
      policyVersion: v.policyVersion ?? 1,
      draftPolicy: null,
      factsEpoch: v.factsEpoch ?? 1,
      breakGlass: v.breakGlass ?? [],
      requestId: randomUUID(),
    };
  }

  /** POSTs a GraphQL request to a subgraph as the gateway would, with a freshly signed context. */
  async call(
    url: string,
    audience: string,
    viewer: TestViewer | null,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<{ status: number; body: GraphQLBody }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (viewer)
      headers[CONTEXT_HEADER] = this.signer.sign(this.context(viewer), audience, { query, variables });
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as GraphQLBody };
  }
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}
