import { randomUUID } from 'node:crypto';
import { badInput, careError, conflict, DuplicateKeyError, ErrorCode, notFound, orgName } from '@care/common';
import type { HealthContext } from '../context';
import type {
  DischargeNoticeResolvers,
  MutationResolvers,
  OrganisationReportResolvers,
  PersonResolvers,
  QueryResolvers,
  WorkWaitingResolvers,
} from '../generated/resolvers-types';
import type { HealthStore } from '../store/port';
import { dischargeFigures, type DischargeFigures, type ReportKey } from './report';
import { noticeDelay, sameNotice, sameTrust, validateNotice, type NoticeRequest } from './rules';
import type { DischargeStore } from './store';
import type { DischargeNoticeDoc } from './types';

const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 500;

function checkLimit(limit: number | null | undefined): number {
  const n = limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw badInput(`limit must be between 1 and ${MAX_LIMIT}`, { argument: 'limit' });
  }
  return n;
}

const asRequest = (n: DischargeNoticeDoc): NoticeRequest => ({
  nhsNumber: n.nhsNumber,
  kind: n.kind,
  plannedDischargeDate: n.plannedDischargeDate,
  notes: n.notes,
  idempotencyKey: n.idempotencyKey,
});

function replayed(existing: DischargeNoticeDoc, request: NoticeRequest): DischargeNoticeDoc {
  if (!sameNotice(request, asRequest(existing))) {
    throw conflict('This idempotency key was already used for a different notice', {
      argument: 'input.idempotencyKey',
      noticeId: existing.id,
    });
  }
  return existing;
}

/** The borough a notice goes to: the person's social care borough, from the governance facts. */
async function boroughOf(ctx: HealthContext, nhsNumber: string): Promise<string> {
  const facts = await ctx.gov.facts.load(nhsNumber).catch(() => null);
  if (!facts?.borough) {
    throw badInput(
      "This person is not known to any borough's social care here: telephone the local authority instead",
      { argument: 'input.nhsNumber' },
    );
  }
  return facts.borough;
}

async function admissionOf(ctx: HealthContext, n: DischargeNoticeDoc) {
  const encounters = await ctx.loaders.encounters.load({
    key: n.nhsNumber,
    fields: ['status', 'end', 'kind'],
  });
  return encounters.find((e) => e.id === n.encounterId);
}

export function dischargeResolvers(
  notices: DischargeStore,
  health: HealthStore,
): {
  Person: Pick<PersonResolvers, 'dischargeNotices'>;
  DischargeNotice: DischargeNoticeResolvers;
  OrganisationReport: OrganisationReportResolvers;
  WorkWaiting: WorkWaitingResolvers;
  Query: Pick<QueryResolvers, 'dischargeNoticesInbox' | 'dischargeNoticesSent'>;
  Mutation: Pick<MutationResolvers, 'sendDischargeNotice' | 'acknowledgeDischargeNotice'>;
} {
  const computed = new WeakMap<ReportKey, Promise<DischargeFigures>>();
  const figure =
    <K extends keyof DischargeFigures>(k: K) =>
    async (r: ReportKey, _args: unknown, ctx: HealthContext) => {
      let f = computed.get(r);
      if (!f) computed.set(r, (f = dischargeFigures(notices, health, r, ctx.gov.now)));
      return (await f)[k];
    };

  return {
    Person: {
      dischargeNotices: (person, _args, ctx) => ctx.loaders.dischargeNotices.load(person.nhsNumber),
    },

    DischargeNotice: {
      delayedDays: async (n, _args, ctx) =>
        noticeDelay(n.plannedDischargeDate, await admissionOf(ctx, n), ctx.gov.now).days,
      stillInHospital: async (n, _args, ctx) =>
        noticeDelay(n.plannedDischargeDate, await admissionOf(ctx, n), ctx.gov.now).stillInHospital,
    },

    OrganisationReport: {
      __resolveReference: (ref) => ({ organisation: ref.organisation, from: ref.from, to: ref.to }),
      assessmentNotices: figure('assessmentNotices'),
      dischargeNotices: figure('dischargeNotices'),
      peopleDelayed: figure('peopleDelayed'),
      delayedDischargeDays: figure('delayedDischargeDays'),
    },

    // The count is the caller's whatever user the representation names: the key says whose
    // navigation asked, never whose inbox to count.
    WorkWaiting: {
      __resolveReference: (_ref, ctx) => ({ user: ctx.care.sub }),
      dischargeNoticesUnacknowledged: (_w, _a, ctx) => notices.countUnacknowledged(ctx.care.org),
    },

    Query: {
      // A social care user's organisation is their borough: the inbox is what was sent to it.
      dischargeNoticesInbox: (_root, { kind, unacknowledgedOnly, limit }, ctx) =>
        notices.toBorough(
          ctx.care.org,
          { kind: kind ?? null, unacknowledgedOnly: unacknowledgedOnly === true },
          checkLimit(limit),
        ),
      dischargeNoticesSent: (_root, { limit }, ctx) => notices.fromSender(ctx.care.org, checkLimit(limit)),
    },

    Mutation: {
      sendDischargeNotice: async (_root, { input }, ctx) => {
        const request = validateNotice(input);
        const earlier = await notices.byIdempotencyKey(ctx.care.org, request.idempotencyKey);
        if (earlier) return replayed(earlier, request);

        // The hospital's relationship is the admission itself: only its own inpatients.
        const encounters = await health.encountersByNhs(
          [request.nhsNumber],
          ['kind', 'status', 'hospital', 'hospitalCode', 'start', 'expectedDischargeDate'],
        );
        const admission = encounters.find(
          (e) =>
            e.kind === 'ADMISSION' && e.status === 'in-progress' && sameTrust(e.hospitalCode, ctx.care.org),
        );
        if (!admission) {
          throw badInput(`This person has no current admission at ${orgName(ctx.care.org)}`, {
            argument: 'input.nhsNumber',
          });
        }
        const planned = request.plannedDischargeDate ?? admission.expectedDischargeDate;
        if (request.kind === 'DISCHARGE' && !planned) {
          throw badInput('A discharge notice needs a planned discharge date', {
            argument: 'input.plannedDischargeDate',
          });
        }
        if (planned && planned < admission.start.slice(0, 10)) {
          throw badInput('The planned discharge date is before the admission', {
            argument: 'input.plannedDischargeDate',
          });
        }
        const borough = await boroughOf(ctx, request.nhsNumber);
        const id = randomUUID();
        const doc: DischargeNoticeDoc = {
          _id: id,
          id,
          nhsNumber: request.nhsNumber,
          kind: request.kind,
          hospital: admission.hospital,
          hospitalCode: admission.hospitalCode,
          encounterId: admission.id,
          admittedAt: admission.start,
          plannedDischargeDate: planned,
          notes: request.notes,
          sentBy: ctx.care.name,
          sentBySub: ctx.care.sub,
          senderOrg: ctx.care.org,
          sentAt: ctx.gov.now.toISOString(),
          borough,
          acknowledgedBy: null,
          acknowledgedAt: null,
          idempotencyKey: request.idempotencyKey,
        };
        try {
          await notices.insert(doc);
        } catch (e) {
          if (e instanceof DuplicateKeyError) {
            const winner = await notices.byIdempotencyKey(ctx.care.org, request.idempotencyKey);
            if (winner) return replayed(winner, request);
          }
          throw e;
        }
        return doc;
      },

      acknowledgeDischargeNotice: async (_root, { id }, ctx) => {
        const n = await notices.byId(id);
        if (!n) throw notFound('No discharge notice with this id');
        if (n.borough !== ctx.care.org) {
          throw careError(ErrorCode.FORBIDDEN, 'Only the borough the notice was sent to can acknowledge it', {
            reason: 'relationship',
            field: 'Mutation.acknowledgeDischargeNotice',
          });
        }
        if (n.acknowledgedAt) return n;
        const at = ctx.gov.now.toISOString();
        if (!(await notices.acknowledge(id, ctx.care.name, at))) return (await notices.byId(id)) ?? n;
        return { ...n, acknowledgedBy: ctx.care.name, acknowledgedAt: at };
      },
    },
  };
}
