/**
 * What the benchmark asks, per scenario: the query through a gateway, and the owning subgraph's
 * part of it for the direct variant, with a check of what a good answer looks like.
 */
export interface GraphQLBody {
  query: string;
  variables: Record<string, unknown>;
}

export interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface Scenario {
  name: string;
  title: string;
  /** The demo role that asks. */
  role: 'gp' | 'social_worker';
  /** Whether a response is a correct answer (denials the policy intends are not failures). */
  ok(body: Answer): boolean;
  /** Request bodies through a gateway; `i` numbers the request and `tag` the run (unique write keys). */
  gateway(i: number, tag: string): GraphQLBody;
  /** The owning subgraph, called directly with a signed context. */
  direct: {
    subgraph: 'social-care' | 'health' | 'governance';
    body(i: number, tag: string): GraphQLBody;
    ok(b: Answer): boolean;
  };
  /** Writes: the id a successful answer acknowledges (checked afterwards in the store). */
  acknowledged?(body: Answer): string | null;
}

export const PERSON_QUERY = `query Person($n: NhsNumber!) {
  person(nhsNumber: $n) {
    nhsNumber knownTo
    socialCare { caseStatus allocatedWorker { name phone } }
    health { registeredPractice { name } conditions { display } }
    council { councilId }
  }
}`;

const PERSON_HEALTH = `query Person__health($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person { health { registeredPractice { name } conditions { display } } }
  }
}`;

export const CASELOAD_QUERY = `query Caseload($limit: Int) {
  myCaseload(limit: $limit) {
    nhsNumber name caseStatus childProtectionFlag lastActivityAt
    person {
      healthFlags {
        fallsRisk dementia learningDisability endOfLife recentAeAttendance
        currentAdmission { hospital expectedDischargeDate delayedDays }
      }
    }
  }
}`;

const CASELOAD_DIRECT = `query Caseload($limit: Int) {
  myCaseload(limit: $limit) { nhsNumber name caseStatus childProtectionFlag lastActivityAt person { nhsNumber } }
}`;

export const TIMELINE_QUERY = `query Timeline($n: NhsNumber!) {
  person(nhsNumber: $n) {
    timeline(first: 20) { events { id at source kind summary redacted link } hasNextPage endCursor unavailableSources }
  }
}`;

const TIMELINE_DIRECT = `query Timeline($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person { timeline(first: 20) { events { id at source kind summary redacted link } hasNextPage endCursor } }
  }
}`;

export const REFERRAL_MUTATION = `mutation Refer($input: ReferralInput!) {
  createReferral(input: $input) { id status }
}`;

const SERVICES = ['HOME_CARE', 'ADAPTATION', 'ASSESSMENT', 'CARER_SUPPORT'] as const;
const URGENCIES = ['URGENT', 'SOON', 'ROUTINE'] as const;

const codes = (b: Answer) => (b.errors ?? []).map((e) => e.extensions?.code ?? 'NONE');
const onlyCodes = (b: Answer, allowed: string[]) => codes(b).every((c) => allowed.includes(c));

export interface ScenarioPeople {
  /**
   * Richford Gate patients known to all three systems, with consent for social care to health:
   * requests cycle through them, as many clinicians open many records (and so that no router can
   * answer the load from one shared in-flight response).
   */
  people: string[];
  /** Richford Gate patients known to social care (write targets). */
  referable: string[];
  /** Whether the timeline exists in this build. */
  hasTimeline: boolean;
  /** A unique prefix for this run's idempotency keys. */
  runId: string;
}

export function scenarios(p: ScenarioPeople): Scenario[] {
  const person = (i: number) => p.people[i % p.people.length];
  const entity = (i: number) => ({ representations: [{ __typename: 'Person', nhsNumber: person(i) }] });
  const referral = (i: number, tag: string) => ({
    query: REFERRAL_MUTATION,
    variables: {
      input: {
        nhsNumber: p.referable[i % p.referable.length],
        service: SERVICES[i % SERVICES.length],
        urgency: URGENCIES[i % URGENCIES.length],
        reason: `Benchmark referral ${i}: help at home after a fall`,
        idempotencyKey: `${p.runId}-${tag}-${i}`,
      },
    },
  });
  const referralId = (b: Answer) =>
    (b.data?.createReferral as { id?: string } | null | undefined)?.id ?? null;
  const list: Scenario[] = [
    {
      name: 'person',
      title: 'Clinician person query (governance, social care, health, council)',
      role: 'gp',
      // A GP may not see council data: that denial is the policy working, not a failure.
      ok: (b) => {
        const person = b.data?.person as { health?: unknown; socialCare?: unknown } | null | undefined;
        return !!person?.health && !!person.socialCare && onlyCodes(b, ['FORBIDDEN']);
      },
      gateway: (i) => ({ query: PERSON_QUERY, variables: { n: person(i) } }),
      direct: {
        subgraph: 'health',
        body: (i) => ({ query: PERSON_HEALTH, variables: entity(i) }),
        ok: (b) => !b.errors && !!(b.data?._entities as { health?: unknown }[] | undefined)?.[0]?.health,
      },
    },
    {
      name: 'caseload',
      title: '50-person caseload with health flags (social worker)',
      role: 'social_worker',
      // Flags of clients without consent for health to social care are withheld, by policy.
      ok: (b) => (b.data?.myCaseload as unknown[] | undefined)?.length === 50 && onlyCodes(b, ['FORBIDDEN']),
      gateway: () => ({ query: CASELOAD_QUERY, variables: { limit: 50 } }),
      direct: {
        subgraph: 'social-care',
        body: () => ({ query: CASELOAD_DIRECT, variables: { limit: 50 } }),
        ok: (b) => !b.errors && (b.data?.myCaseload as unknown[] | undefined)?.length === 50,
      },
    },
  ];
  if (p.hasTimeline) {
    list.push({
      name: 'timeline',
      title: 'Timeline page, 20 events (clinician)',
      role: 'gp',
      ok: (b) => {
        const t = (b.data?.person as { timeline?: { events?: unknown[] } } | null | undefined)?.timeline;
        return !!t?.events && t.events.length > 0 && onlyCodes(b, ['FORBIDDEN']);
      },
      gateway: (i) => ({ query: TIMELINE_QUERY, variables: { n: person(i) } }),
      direct: {
        subgraph: 'governance',
        body: (i) => ({ query: TIMELINE_DIRECT, variables: entity(i) }),
        ok: (b) => !b.errors && !!(b.data?._entities as { timeline?: unknown }[] | undefined)?.[0]?.timeline,
      },
    });
  }
  list.push({
    name: 'write',
    title: 'Write mix: referrals (4 services, 3 urgencies, varied patients) by a GP',
    role: 'gp',
    ok: (b) => !b.errors && !!referralId(b),
    gateway: referral,
    direct: {
      subgraph: 'social-care',
      body: referral,
      ok: (b) => !b.errors && !!referralId(b),
    },
    acknowledged: referralId,
  });
  return list;
}
