import { badInput, NhsNumberScalar, notFound, unauthenticated, type CareContext } from '@care/common';
import type { ConsentFlow, Resolvers } from '../generated/resolvers-types';
import { ConsentService } from '../governance/consent-service';
import { previewProblems } from '../governance/api-schema';
import { diffPolicies, type CellChange } from '../governance/policy-service';
import { breakGlassCount, recentViewers } from '../governance/reports';
import { searchPeople } from '../governance/search';
import { governanceEvents, timelinePage } from '../governance/timeline';
import { searchAudit } from './audit-query';
import { accessByPerson } from '../audit/record';
import type { GovernanceContext } from './context';
import { policyMatrix } from './policy-matrix';
import type { GovernanceServices } from './services';

const staffOnly = (ctx: GovernanceContext): CareContext => {
  if (ctx.care.role === 'anonymous') throw unauthenticated();
  return ctx.care;
};

const MAX_QUERY = 20_000;

export function governanceResolvers(s: GovernanceServices): Resolvers {
  return {
    NhsNumber: NhsNumberScalar,
    Query: {
      me: (_r, _a, ctx) =>
        ctx.care.role === 'anonymous' ? null : s.store.users.findOne({ _id: ctx.care.sub }),
      person: async (_r, { nhsNumber }, ctx) => {
        const found = await ctx.loaders.person.load(nhsNumber);
        if (!found) throw notFound('No system here knows a person with that NHS number');
        return { nhsNumber };
      },
      policyMatrix: async (_r, { version }) => {
        const v = version == null ? await s.policy.current() : await s.policy.get(version);
        return policyMatrix(s.apiSchema, v.version, v.document);
      },
      policyVersions: () => s.policy.versions(),
      policyDiff: async (_r, { from, to }) => {
        const [a, b] = await Promise.all([s.policy.get(from), s.policy.get(to)]);
        return diffPolicies(a.document, b.document);
      },
      auditSearch: (_r, args) => searchAudit(s.store, args),
      verifyAudit: async () => {
        const r = await s.audit.verify();
        return {
          ok: r.ok,
          checked: r.checked,
          firstBrokenSeq: r.firstBroken?.seq ?? null,
          reason: r.firstBroken?.reason ?? null,
        };
      },
      breakGlassAlerts: (_r, { status }) => s.windows.alerts(status),
      searchPeople: async (_r, args, ctx) =>
        (await searchPeople(s.store, ctx.gov.viewer, args, ctx.gov.now)).map(({ person, score }) => ({
          nhsNumber: person._id,
          givenName: person.givenName,
          familyName: person.familyName,
          dateOfBirth: person.dateOfBirth,
          postcode: person.postcode,
          knownTo: person.knownTo,
          score,
        })),
      matchQueue: (_r, { status }) => s.matches.list(status),
      cpNotifications: (_r, { limit }, ctx) => {
        const n = limit ?? 50;
        if (n < 1 || n > 200) throw badInput('limit must be 1 to 200');
        return s.store.notifications.find(
          { $or: [{ toWorker: ctx.care.sub }, { toWorker: null, toBorough: ctx.care.org }] },
          { sort: { at: -1 }, limit: n },
        );
      },
      workWaiting: (_r, _a, ctx) => ({ user: staffOnly(ctx).sub }),
    },
    // The counts are the caller's whatever the key says: a representation naming another user
    // (only the gateway's query planner sends any) reaches the same queues.
    WorkWaiting: {
      __resolveReference: (_ref, ctx) => ({ user: staffOnly(ctx).sub }),
      openMatches: () => s.matches.openCount(),
      openBreakGlassAlerts: () => s.windows.openAlertCount(),
    },
    Person: {
      __resolveReference: (ref) => ({ nhsNumber: ref.nhsNumber }),
      knownTo: async (p, _a, ctx) => (await ctx.loaders.person.load(p.nhsNumber))?.knownTo ?? [],
      demographics: async (p, _a, ctx) => {
        const d = await ctx.loaders.person.load(p.nhsNumber);
        return (
          d && {
            givenName: d.givenName,
            familyName: d.familyName,
            dateOfBirth: d.dateOfBirth,
            postcode: d.postcode,
          }
        );
      },
      consents: async (p, _a, ctx) =>
        (await ctx.loaders.consents.load(p.nhsNumber)).map((c) => ConsentService.view(c, ctx.gov.now)),
      breakGlassUses: (p, _a, ctx) => ctx.loaders.breakGlassUses.load(p.nhsNumber),
      accessHistory: (p, { first, after }) => searchAudit(s.store, { nhsNumber: p.nhsNumber, first, after }),
      timeline: async (p, args, ctx) => {
        const now = ctx.gov.now;
        const [consents, uses, facts] = await Promise.all([
          ctx.loaders.consents.load(p.nhsNumber),
          ctx.loaders.breakGlassUses.load(p.nhsNumber),
          ctx.gov.facts.load(p.nhsNumber),
        ]);
        const local = governanceEvents(
          consents.map((c) => ConsentService.view(c, now)),
          uses,
          ctx.gov.policy,
          ctx.gov.viewer,
          facts,
          now,
        );
        return timelinePage(s.execute, ctx.care, p.nhsNumber, args, local, (access) =>
          ctx.gov.access.include(access),
        );
      },
    },
    User: {
      role: (u) => u.role,
    },
    Correction: {
      __resolveReference: (ref) => ref,
      recentViewers: (c, { days }) =>
        c.nhsNumber && c.coordinate && c.decidedAt
          ? recentViewers(s.store, c.nhsNumber, c.coordinate, c.decidedAt, days ?? 30)
          : [],
    },
    OrganisationReport: {
      __resolveReference: (ref) => ref,
      breakGlassUses: (r) => breakGlassCount(s.store, r.organisation, r.from, r.to),
    },
    PersonMatch: {
      person: (m) => (m.nhsNumber ? { nhsNumber: m.nhsNumber } : null),
    },
    MatchEntry: {
      id: (m) => m._id,
      source: (m) => m.registration.source,
      localId: (m) => m.registration.localId,
      givenName: (m) => m.registration.givenName,
      familyName: (m) => m.registration.familyName,
      dateOfBirth: (m) => m.registration.dateOfBirth,
      postcode: (m) => m.registration.postcode,
      suppliedNhsNumber: (m) => m.registration.nhsNumber,
      candidates: async (m) => {
        const people = await s.store.persons.find({ _id: { $in: m.candidates.map((c) => c.nhsNumber) } });
        const byNhs = new Map(people.map((p) => [p._id, p]));
        return m.candidates.map((c) => {
          const p = byNhs.get(c.nhsNumber);
          return {
            ...c,
            name: p ? `${p.givenName} ${p.familyName}` : null,
            dateOfBirth: p?.dateOfBirth ?? null,
          };
        });
      },
    },
    Consent: {
      id: (c) => c._id,
      flow: (c) => c.flow as ConsentFlow,
    },
    BreakGlassUse: {
      id: (a) => a._id,
      reason: (a) => a.reason as never,
    },
    CpNotification: { id: (n) => n._id },
    PolicyVersion: {
      changes: async (v) => {
        if (v.basedOn == null) return [];
        const base = await s.policy.get(v.basedOn);
        return diffPolicies(base.document, v.document);
      },
    },
    AuditRecord: {
      access: (r) =>
        accessByPerson(r).map((a) => ({
          nhsNumber: a.nhsNumber,
          allowed: a.allowed,
          denied: a.denied.map((d) => `${d.field}: ${d.reason}`),
        })),
    },
    Mutation: {
      login: async (_r, { username, password, otp }, ctx) => {
        if (username.length > 100 || password.length > 200 || otp.length > 12)
          throw badInput('Sign-in details too long');
        return s.login.login(username, password, otp, ctx.gov.now, ctx.care.requestId);
      },
      publishPolicy: (_r, { baseVersion, changes, comment }, ctx) =>
        s.policy.publish(baseVersion, changes as CellChange[], comment, staffOnly(ctx).sub, ctx.gov.now),
      rollbackPolicy: (_r, { toVersion, baseVersion, comment }, ctx) =>
        s.policy.rollback(toVersion, baseVersion, comment, staffOnly(ctx).sub, ctx.gov.now),
      previewAs: async (_r, { role, org, query, variables, changes }, ctx) => {
        const admin = staffOnly(ctx);
        if (query.length > MAX_QUERY) throw badInput('Query too long');
        if (role === 'anonymous') throw badInput('Preview a staff role');
        // The organisation a relationship is judged against: an ODS or ONS code, as sign-in gives.
        if (!/^[A-Z0-9][A-Z0-9-]{1,19}$/.test(org))
          throw badInput('org must be an organisation code (ODS or ONS, e.g. E85001)', { argument: 'org' });
        let vars: Record<string, unknown> = {};
        if (variables) {
          try {
            const parsed: unknown = JSON.parse(variables);
            if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
              throw new Error('not an object');
            vars = parsed as Record<string, unknown>;
          } catch {
            throw badInput('variables must be a JSON object');
          }
        }
        // A document that cannot run, or would write, previews nothing: say why, keep no draft.
        const problems = previewProblems(s.apiSchema, query);
        if (problems.length > 0) return { data: null, denied: [], errors: problems };
        const draft = await s.policy.createDraft((changes ?? []) as CellChange[], admin.sub, ctx.gov.now);
        return s.preview(
          {
            ...admin,
            sub: `preview:${admin.sub}`,
            name: `Preview by ${admin.name}`,
            role,
            org,
            purpose: 'preview',
            draftPolicy: draft,
            breakGlass: [],
          },
          query,
          vars,
        );
      },
      declarePresence: (_r, { nhsNumber, location }, ctx) =>
        s.windows.declarePresence(staffOnly(ctx), nhsNumber, location, ctx.gov.now),
      recordConsent: (_r, { nhsNumber, flow, method, agreed, note }, ctx) =>
        s.consents.record(
          staffOnly(ctx),
          { nhsNumber, flow, method, agreed: agreed ?? true, note },
          ctx.gov.now,
        ),
      confirmConsent: (_r, { id, note }, ctx) => s.consents.confirm(staffOnly(ctx), id, note, ctx.gov.now),
      withdrawConsent: (_r, { id, note }, ctx) => s.consents.withdraw(staffOnly(ctx), id, note, ctx.gov.now),
      openBreakGlass: (_r, { nhsNumber, reason, detail }, ctx) =>
        s.windows.openBreakGlass(staffOnly(ctx), nhsNumber, reason, detail, ctx.gov.now),
      confirmMatch: (_r, { id, nhsNumber }, ctx) =>
        s.matches.confirm(staffOnly(ctx), id, nhsNumber, ctx.gov.now),
      rejectMatch: (_r, { id, reason }, ctx) => s.matches.reject(staffOnly(ctx), id, reason, ctx.gov.now),
      reviewBreakGlass: (_r, { id, action, note }, ctx) =>
        s.windows.review(staffOnly(ctx), id, action, note, ctx.gov.now),
    },
  };
}
