import { randomUUID } from 'node:crypto';
import {
  badInput,
  careError,
  conflict,
  DuplicateKeyError,
  ErrorCode,
  notFound,
  orgName,
  selectedFields,
} from '@care/common';
import { boroughRef } from '../borough';
import type {
  MutationResolvers,
  PersonResolvers,
  QueryResolvers,
  ReferralResolvers,
} from '../generated/resolvers-types';
import { samePayload, validateReferral, validateTransition, type ReferralRequest } from '../referral-rules';
import type { ReferralDoc, SocialCareStore } from '../store/port';
import { checkLimit } from './limit';

/** A retry returns the referral its key first made; the same key for a different referral is refused. */
function replayed(existing: ReferralDoc, request: ReferralRequest): ReferralDoc {
  if (!samePayload(request, existing)) {
    throw conflict('This idempotency key was already used for a different referral', {
      argument: 'input.idempotencyKey',
      referralId: existing.id,
    });
  }
  return existing;
}

export const personReferrals: Pick<PersonResolvers, 'referrals'> = {
  referrals: (person, _args, ctx, info) =>
    ctx.loaders.referralsByNhs.load({ key: person.nhsNumber, fields: selectedFields(info) }),
};

export const referral: ReferralResolvers = {
  borough: (r) => boroughRef(r.borough),
};

export function referralQueries(
  store: SocialCareStore,
): Pick<QueryResolvers, 'referralsInbox' | 'referralsSent'> {
  return {
    // A social worker's org is their borough's code: the inbox is what was sent to it.
    referralsInbox: (_root, { status, limit }, ctx) =>
      store.referralsToBorough(ctx.care.org, status ?? null, checkLimit(limit)),
    referralsSent: (_root, { limit }, ctx) => store.referralsFrom(ctx.care.org, checkLimit(limit)),
  };
}

export function referralMutations(store: SocialCareStore): MutationResolvers {
  return {
    createReferral: async (_root, { input }, ctx) => {
      const request = validateReferral(input);
      const earlier = await store.referralByIdempotencyKey(ctx.care.org, request.idempotencyKey);
      if (earlier) return replayed(earlier, request);

      const client = await ctx.loaders.clientByNhs.load({ key: request.nhsNumber, fields: ['borough'] });
      if (!client) {
        // The borough is the one holding the person's social care record; without one there is
        // nowhere to send it, and guessing a borough would send health data to the wrong council.
        throw badInput(
          'This person is not known to social care in any borough here, so the referral has no borough to go to',
          { argument: 'input.nhsNumber' },
        );
      }
      const at = ctx.gov.now.toISOString();
      const id = randomUUID();
      const doc: ReferralDoc = {
        _id: id,
        id,
        nhsNumber: request.nhsNumber,
        service: request.service,
        urgency: request.urgency,
        reason: request.reason,
        consentReference: request.consentReference,
        referredBy: ctx.care.name,
        referrerOrg: ctx.care.org,
        borough: client.borough,
        status: 'RECEIVED',
        history: [
          { status: 'RECEIVED', reason: `Referral from ${orgName(ctx.care.org)}`, by: ctx.care.name, at },
        ],
        createdAt: at,
        updatedAt: at,
        idempotencyKey: request.idempotencyKey,
      };
      try {
        await store.insertReferral(doc);
      } catch (e) {
        // Two concurrent retries: the unique index let one in; the other answers with it.
        if (e instanceof DuplicateKeyError) {
          const winner = await store.referralByIdempotencyKey(ctx.care.org, request.idempotencyKey);
          if (winner) return replayed(winner, request);
        }
        throw e;
      }
      return doc;
    },

    updateReferralStatus: async (_root, { id, status, reason }, ctx) => {
      const current = await store.referralById(id);
      if (!current) throw notFound('No referral with this id');
      if (current.borough !== ctx.care.org) {
        throw careError(
          ErrorCode.FORBIDDEN,
          'Only the borough the referral was sent to can change its status',
          {
            reason: 'relationship',
            field: 'Mutation.updateReferralStatus',
          },
        );
      }
      const why = validateTransition(current.status, status, reason);
      const event = { status, reason: why, by: ctx.care.name, at: ctx.gov.now.toISOString() };
      if (!(await store.transitionReferral(id, current.status, event))) {
        throw conflict('The referral was changed by someone else meanwhile; reload it and try again', {
          referralId: id,
        });
      }
      return { ...current, status, updatedAt: event.at, history: [...current.history, event] };
    },
  };
}
