import { randomUUID } from 'node:crypto';
import {
  badInput,
  careError,
  conflict,
  DuplicateKeyError,
  ErrorCode,
  instantOf,
  notFound,
} from '@care/common';
import { boroughRef } from '../../borough';
import type { SocialCareContext } from '../../context';
import type {
  CorrectionResolvers,
  MutationResolvers,
  QueryResolvers,
  SocialCareRecordResolvers,
} from '../../generated/resolvers-types';
import { checkLimit } from '../../resolvers/limit';
import type { WorkflowStore } from '../store';
import type { CorrectionDoc, CorrectionProvenance } from '../types';
import { applyCorrection } from './apply';
import {
  CORRECTABLE,
  decisionReason,
  HOURS_KINDS,
  openKeyOf,
  sameProposal,
  validateProposal,
  type ProposalRequest,
} from './rules';

const DAY_MS = 86_400_000;
/** How far back "recently" reaches when a viewer asks what changed without saying since when. */
export const CHANGE_NOTICE_DAYS = 30;

function replayed(existing: CorrectionDoc, request: ProposalRequest): CorrectionDoc {
  if (!sameProposal(request, existing)) {
    throw conflict('This idempotency key was already used for a different correction', {
      argument: 'input.idempotencyKey',
      correctionId: existing.id,
    });
  }
  return existing;
}

/** What the correction is about and the value the record holds now. */
async function currentTarget(
  store: WorkflowStore,
  request: ProposalRequest,
  contacts: { id: string; name: string; relationship: string; phone: string | null }[],
): Promise<{ label: string; oldValue: string | null }> {
  const spec = CORRECTABLE[request.field];
  const missing = () =>
    badInput(`No ${spec.target} with this id on the person's record`, { argument: 'input.targetId' });
  if (spec.target === 'contact') {
    const contact = contacts.find((c) => c.id === request.targetId);
    if (!contact) throw missing();
    return {
      label: `${contact.name} (${contact.relationship})`,
      oldValue: request.field === 'CONTACT_PHONE' ? contact.phone : contact.name,
    };
  }
  const service = await store.serviceById(request.targetId);
  if (!service || service.nhsNumber !== request.nhsNumber) throw missing();
  if (!HOURS_KINDS.includes(service.kind)) {
    throw badInput('Only home care and reablement packages have hours that can be corrected', {
      argument: 'input.targetId',
    });
  }
  return {
    label: service.provider ? `${service.description} (${service.provider})` : service.description,
    oldValue: service.hoursPerWeek === null ? null : String(service.hoursPerWeek),
  };
}

/** Only the borough that owns the record decides on corrections to it. */
function assertOwner(c: CorrectionDoc, ctx: SocialCareContext, coordinate: string): void {
  if (c.borough !== ctx.care.org) {
    throw careError(ErrorCode.FORBIDDEN, 'Only the borough that owns the record can decide on a correction', {
      reason: 'relationship',
      field: coordinate,
    });
  }
}

function assertOpen(c: CorrectionDoc): void {
  if (c.status === 'APPLYING') {
    throw conflict('This correction is being accepted by someone else; reload it', { correctionId: c.id });
  }
  if (c.status !== 'PROPOSED') {
    throw badInput(`This correction was already ${c.status.toLowerCase()}; a decision is final`, {
      argument: 'id',
      status: c.status,
    });
  }
}

export function correctionResolvers(store: WorkflowStore): {
  Correction: CorrectionResolvers;
  SocialCareRecord: Pick<SocialCareRecordResolvers, 'changeNotices'>;
  Query: Pick<QueryResolvers, 'correctionsInbox' | 'correctionsProposed'>;
  Mutation: Pick<MutationResolvers, 'proposeCorrection' | 'acceptCorrection' | 'rejectCorrection'>;
} {
  return {
    Correction: {
      __resolveReference: (ref) => store.correctionById(ref.id),
      // An accept in flight has decided nothing yet.
      status: (c) => (c.status === 'APPLYING' ? 'PROPOSED' : c.status),
      borough: (c) => boroughRef(c.borough),
    },

    SocialCareRecord: {
      changeNotices: async (client, { since }, ctx) => {
        if (!client.nhsNumber) return [];
        const cutoff =
          since == null
            ? new Date(ctx.gov.now.getTime() - CHANGE_NOTICE_DAYS * DAY_MS).toISOString()
            : instantOf(since);
        if (!cutoff) {
          throw badInput('since must be a date (YYYY-MM-DD) or an ISO 8601 date and time with its offset', {
            argument: 'since',
          });
        }
        const accepted = await ctx.loaders.acceptedCorrectionsByNhs.load(client.nhsNumber);
        return accepted.filter((c) => (c.decidedAt ?? '') >= cutoff);
      },
    },

    Query: {
      correctionsInbox: (_root, { status, limit }, ctx) =>
        store.correctionsWhere({ borough: ctx.care.org }, status ?? null, checkLimit(limit)),
      correctionsProposed: (_root, { status, limit }, ctx) =>
        store.correctionsWhere({ proposerOrg: ctx.care.org }, status ?? null, checkLimit(limit)),
    },

    Mutation: {
      proposeCorrection: async (_root, { input }, ctx) => {
        const request = validateProposal({ ...input, targetId: String(input.targetId) });
        const earlier = await store.correctionByIdempotencyKey(ctx.care.org, request.idempotencyKey);
        if (earlier) return replayed(earlier, request);

        const client = await store.clientByNhs(request.nhsNumber);
        if (!client) {
          throw badInput('This person is not known to social care here, so there is no record to correct', {
            argument: 'input.nhsNumber',
          });
        }
        const target = await currentTarget(store, request, client.contacts);
        if (target.oldValue === request.proposedValue) {
          throw badInput('The record already holds this value', { argument: 'input.proposedValue' });
        }
        const openKey = openKeyOf(request.nhsNumber, request.field, request.targetId);
        const open = await store.openCorrection(openKey);
        if (open) {
          throw conflict('A correction of this value is already waiting for a decision', {
            correctionId: open.id,
          });
        }
        const at = ctx.gov.now.toISOString();
        const id = randomUUID();
        const doc: CorrectionDoc = {
          _id: id,
          id,
          nhsNumber: request.nhsNumber,
          clientId: client.clientId,
          borough: client.borough,
          field: request.field,
          coordinate: CORRECTABLE[request.field].coordinate,
          targetId: request.targetId,
          targetLabel: target.label,
          oldValue: target.oldValue,
          proposedValue: request.proposedValue,
          reason: request.reason,
          status: 'PROPOSED',
          proposedBy: ctx.care.name,
          proposedBySub: ctx.care.sub,
          proposerOrg: ctx.care.org,
          proposedAt: at,
          decidedBy: null,
          decidedBySub: null,
          decidedAt: null,
          decisionReason: null,
          openKey,
          idempotencyKey: request.idempotencyKey,
          updatedAt: at,
        };
        try {
          await store.insertCorrection(doc);
        } catch (e) {
          if (!(e instanceof DuplicateKeyError)) throw e;
          // A concurrent retry won with the same key, or someone else opened the same correction.
          const winner = await store.correctionByIdempotencyKey(ctx.care.org, request.idempotencyKey);
          if (winner) return replayed(winner, request);
          const other = await store.openCorrection(openKey);
          throw conflict('A correction of this value is already waiting for a decision', {
            correctionId: other?.id ?? null,
          });
        }
        return doc;
      },

      acceptCorrection: async (_root, { id, note }, ctx) => {
        const c = await store.correctionById(id);
        if (!c) throw notFound('No correction with this id');
        assertOwner(c, ctx, 'Mutation.acceptCorrection');
        assertOpen(c);
        const why = decisionReason(note, false);
        const at = ctx.gov.now.toISOString();
        if (!(await store.moveCorrection(id, 'PROPOSED', { status: 'APPLYING', updatedAt: at }, false))) {
          throw conflict('The correction was decided by someone else meanwhile; reload it', {
            correctionId: id,
          });
        }
        const provenance: CorrectionProvenance = {
          correctionId: c.id,
          field: c.field,
          targetId: c.targetId,
          oldValue: c.oldValue,
          newValue: c.proposedValue,
          proposedBy: c.proposedBy,
          proposerOrg: c.proposerOrg,
          acceptedBy: ctx.care.name,
          acceptedAt: at,
        };
        try {
          await applyCorrection(store, c, provenance, ctx.care.org);
        } catch (e) {
          // Nothing was applied: the proposal goes back to waiting, as it was.
          await store.moveCorrection(id, 'APPLYING', { status: 'PROPOSED', updatedAt: c.updatedAt }, false);
          throw e;
        }
        const decided: Partial<CorrectionDoc> = {
          status: 'ACCEPTED',
          decidedBy: ctx.care.name,
          decidedBySub: ctx.care.sub,
          decidedAt: at,
          decisionReason: why,
          updatedAt: at,
        };
        await store.moveCorrection(id, 'APPLYING', decided, true);
        return { ...c, ...decided, openKey: undefined };
      },

      rejectCorrection: async (_root, { id, reason }, ctx) => {
        const c = await store.correctionById(id);
        if (!c) throw notFound('No correction with this id');
        assertOwner(c, ctx, 'Mutation.rejectCorrection');
        const why = decisionReason(reason, true);
        assertOpen(c);
        const at = ctx.gov.now.toISOString();
        const decided: Partial<CorrectionDoc> = {
          status: 'REJECTED',
          decidedBy: ctx.care.name,
          decidedBySub: ctx.care.sub,
          decidedAt: at,
          decisionReason: why,
          updatedAt: at,
        };
        if (!(await store.moveCorrection(id, 'PROPOSED', decided, true))) {
          throw conflict('The correction was decided by someone else meanwhile; reload it', {
            correctionId: id,
          });
        }
        return { ...c, ...decided, openKey: undefined };
      },
    },
  };
}
