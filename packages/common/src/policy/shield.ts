import type DataLoader from 'dataloader';
import { isObjectType, responsePathAsArray, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddlewareTypeMap } from 'graphql-middleware';
import { propagatePerson } from './person-propagation';
import { allow, deny, rule, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
type ShieldRule = typeof allow | typeof deny | PolicyRule;
import type { AccessRecorder } from '../access';
import { forbidden } from '../errors';
import type { PersonFacts } from '../facts';
import type { FactsGate } from '../facts-gate';
import { decideFor, standingOf, type Standing, type Viewer } from './evaluate';
import type { PolicyDocument } from './types';

/** What the shield needs from each request's context. */
export interface GovernedContext {
  gov: {
    viewer: Viewer;
    policy: PolicyDocument;
    facts: DataLoader<string, PersonFacts>;
    /** Facts already at hand for this request's epoch, so most fields are decided without waiting. */
    cachedFacts?(nhsNumber: string): PersonFacts | undefined;
    /** Holds the request's store batches while facts loads are pending (see FactsGate). */
    gate?: FactsGate;
    access: AccessRecorder;
    now: Date;
    /** The viewer's standing with each person so far in this request (see `Standing`). */
    standings?: Map<string, Standing>;
    /**
     * BENCH ONLY (CARE_BENCH_GOVERNANCE=off, refused in production): no shield, and resolvers that
     * decide in words (timeline summaries) share without asking for facts or policy either.
     */
    off?: boolean;
  };
}

/**
 * The person a field belongs to. Every object a subgraph resolves under a person carries that
 * person's `nhsNumber`; mutations and root lookups name the person in their arguments.
 */
export function personOf(parent: unknown, args: Record<string, unknown>): string | null {
  if (parent && typeof parent === 'object' && 'nhsNumber' in parent) {
    const n = (parent as { nhsNumber: unknown }).nhsNumber;
    if (typeof n === 'string') return n;
  }
  const a = args.nhsNumber;
  if (typeof a === 'string') return a;
  const input = args.input;
  if (
    input &&
    typeof input === 'object' &&
    typeof (input as { nhsNumber?: unknown }).nhsNumber === 'string'
  ) {
    return (input as { nhsNumber: string }).nhsNumber;
  }
  return null;
}

/** The denied field's place in the response: a located error costs no second error object. */
const at = (info: GraphQLResolveInfo) => ({ path: responsePathAsArray(info.path), nodes: info.fieldNodes });

function standing(gov: GovernedContext['gov'], nhs: string, facts: PersonFacts): Standing {
  let s = gov.standings?.get(nhs);
  if (!s) {
    s = standingOf(gov.viewer, facts, gov.now);
    gov.standings?.set(nhs, s);
  }
  return s;
}

/** The policy's answer for one field, recorded for the audit trail before the field resolves. */
function judge(
  gov: GovernedContext['gov'],
  coordinate: string,
  nhs: string | null,
  facts: PersonFacts | null,
  info: GraphQLResolveInfo,
): true | Error {
  const d = decideFor(
    gov.policy,
    coordinate,
    gov.viewer.role,
    facts && nhs ? standing(gov, nhs, facts) : null,
  );
  if (d.allow) {
    gov.access.allowed(nhs, coordinate, d.breakGlass, d.notify);
    return true;
  }
  gov.access.denied(nhs, coordinate, d.reason);
  return forbidden(d.reason, coordinate, at(info));
}

/** The policy's decision for one field: at once when the person's facts are held, else after they load. */
function decideField(
  coordinate: string,
  parent: unknown,
  args: Record<string, unknown>,
  ctx: GovernedContext,
  info: GraphQLResolveInfo,
): true | Error | Promise<true | Error> {
  const nhs = personOf(parent, args);
  const { gov } = ctx;
  if (!nhs) return judge(gov, coordinate, null, null, info);
  const held = gov.cachedFacts?.(nhs);
  if (held) return judge(gov, coordinate, nhs, held, info);
  const load = gov.facts.load(nhs);
  return (gov.gate ? gov.gate.track(load) : load).then(
    (facts) => judge(gov, coordinate, nhs, facts, info),
    () => {
      // Without governance facts there is no basis to share: deny, never guess.
      gov.access.denied(nhs, coordinate, 'relationship');
      return forbidden('relationship', coordinate, at(info));
    },
  );
}

type PolicyRule = ReturnType<ReturnType<typeof rule>>;
type Decide = (
  parent: unknown,
  args: Record<string, unknown>,
  ctx: GovernedContext,
  info: GraphQLResolveInfo,
) => true | Error | false | Promise<true | Error | false>;

/**
 * The rule for one field: the policy decides per role, relationship, consent and break-glass.
 * One rule per field coordinate, so the coordinate is known without building it on every call.
 * `no_cache` on purpose: graphql-shield's contextual/strict caches ignore parent and arguments or
 * hash them slowly, and the decision here depends on the parent's person.
 *
 * graphql-shield's own `Rule.resolve` is an async function around another one (for its caches,
 * unused here): two promises per field before ours even runs. `decide` answers through the same
 * contract (true, an Error, or a promise of either; anything thrown is a denial) without them,
 * and at once when the person's facts are held; the rule's `resolve` is `decide`, so the rule
 * means the same wherever graphql-shield itself evaluates it.
 */
function policyRule(coordinate: string): { rule: PolicyRule; decide: Decide } {
  const decision = (p: unknown, a: Record<string, unknown>, c: GovernedContext, i: GraphQLResolveInfo) =>
    decideField(coordinate, p, a, c, i);
  const decide: Decide = (parent, args, ctx, info) => {
    try {
      const d = decision(parent, args, ctx, info);
      return d instanceof Promise ? d.catch(() => false) : d;
    } catch {
      return false;
    }
  };
  const r = rule(`policy:${coordinate}`, { cache: 'no_cache' })(decision);
  (r as { resolve: unknown }).resolve = decide;
  return { rule: r, decide };
}

type Resolve = (parent: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo) => unknown;
type FieldGuard = (
  resolve: Resolve,
  parent: unknown,
  args: Record<string, unknown>,
  ctx: GovernedContext,
  info: GraphQLResolveInfo,
) => unknown;

/**
 * The field's guard, for fields the policy rule decides. graphql-shield's generator wraps every
 * field in an async function that awaits the rule and then the resolver: three promises per
 * field even when both answer at once, after which graphql-js completes every object through
 * promises. Replacing it cut 18-26% of the whole stack's CPU per request on a 50-person caseload
 * and 1-19% on the person query (interleaved A/B runs on a noisy machine, whose fields mostly
 * wait for store reads anyway). This guard calls the same rule and keeps its contract
 * (true resolves the field, an Error is the field's answer, false is the fallback denial), and
 * stays synchronous when the decision is.
 */
function guardField(decide: Decide, fallback: () => Error): FieldGuard {
  const answer = (
    d: true | Error | false,
    resolve: Resolve,
    parent: unknown,
    args: Record<string, unknown>,
    ctx: GovernedContext,
    info: GraphQLResolveInfo,
  ) => (d === true ? resolve(parent, args, ctx, info) : d === false ? fallback() : d);
  return (resolve, parent, args, ctx, info) => {
    const d = decide(parent, args, ctx, info);
    return d instanceof Promise
      ? d.then((settled) => answer(settled, resolve, parent, args, ctx, info))
      : answer(d, resolve, parent, args, ctx, info);
  };
}

/** A key field, always allowed (the gateway joins on it), recorded as read when it is a person's. */
function recordKey(coordinate: string): FieldGuard {
  return (resolve, parent, args, ctx, info) => {
    const nhs = personOf(parent, {});
    if (nhs) ctx.gov.access.allowed(nhs, coordinate, false, false);
    return resolve(parent, args, ctx, info);
  };
}

/** Structural fields federation needs; they return no personal data beyond what the caller sent. */
const FEDERATION_ALLOWED: Record<string, string[]> = {
  Query: ['_service', '_entities'],
};

export interface ShieldOptions {
  /** Entity key fields (e.g. Person.nhsNumber) the gateway must be able to read to join subgraphs. */
  keyFields: string[];
}

/**
 * Wraps every field of every object type in the policy rule, default deny throughout.
 * graphql-shield validates the rule tree and builds the middleware for every field; the
 * policy-decided fields then get `guardField` in place of its async wrapper around the same rule,
 * and the structural fields (allowed by rule) keep their own resolvers.
 */
export function governSchema(schema: GraphQLSchema, opts: ShieldOptions): GraphQLSchema {
  const rules: Record<string, Record<string, ShieldRule>> = {};
  // Per field, what replaces graphql-shield's wrapper: the guard, or nothing (structural fields).
  const replaced: Record<string, Record<string, FieldGuard | null>> = {};
  const fallbackError = () => forbidden('role', 'unknown');
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name === '_Service') continue;
    const fields: Record<string, ShieldRule> = { '*': deny };
    const guards: Record<string, FieldGuard | null> = {};
    for (const name of Object.keys(type.getFields())) {
      const coordinate = `${type.name}.${name}`;
      const structural = FEDERATION_ALLOWED[type.name]?.includes(name) || opts.keyFields.includes(coordinate);
      if (structural) {
        fields[name] = allow;
        guards[name] = null;
      } else {
        const p = policyRule(coordinate);
        fields[name] = p.rule;
        guards[name] = guardField(p.decide, fallbackError);
      }
    }
    replaced[type.name] = guards;
    rules[type.name] = fields;
  }
  if (schema.getType('_Service')) rules._Service = { '*': allow };
  const propagated = propagatePerson(schema);
  const generated = shield(rules as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError,
  }).generate(propagated) as Record<string, Record<string, unknown>>;
  // A structural field's rule is `allow`: its wrapper would only turn the field's value into a
  // promise, and with it every entity a list returns (a caseload's fifty people) into an object
  // completed through promises. Left unwrapped, it resolves exactly as allowed; a key read of a
  // person's object is recorded for the audit trail (`practicePatients { nhsNumber }` names people).
  for (const [type, guards] of Object.entries(replaced))
    for (const [name, guard] of Object.entries(guards)) {
      if (guard) generated[type][name] = guard;
      else if (opts.keyFields.includes(`${type}.${name}`))
        generated[type][name] = recordKey(`${type}.${name}`);
      else delete generated[type][name];
    }
  const governed = applyMiddleware(propagated, generated as IMiddlewareTypeMap);
  // graphql-middleware rebuilds resolvers; keep federation's reference resolvers on the entities.
  for (const type of Object.values(schema.getTypeMap())) {
    const ref = (type as { resolveReference?: unknown }).resolveReference;
    const target = governed.getType(type.name) as { resolveReference?: unknown } | undefined;
    if (ref && target && !target.resolveReference) target.resolveReference = ref;
  }
  return governed;
}
