import { randomUUID } from 'node:crypto';
import {
  badInput,
  conflict,
  DuplicateKeyError,
  effectiveConsentState,
  forbidden,
  type PersonFacts,
  type PersonRef,
} from '@care/common';
import type { SocialCareContext } from '../../context';
import type { MutationResolvers, PersonResolvers } from '../../generated/resolvers-types';
import type { WorkflowStore } from '../store';
import type { FinancialAssessmentDoc } from '../types';
import { incomeBasisFrom, validateAssessment, type AssessmentRequest } from './rules';
import { SEAL_TTL_SECONDS, type StatementSeal } from './seal';

/** The data flow a financial assessment's income comes under. */
export const INCOME_FLOW = 'council_benefit_to_social_care';
const COORDINATE = 'Mutation.recordFinancialAssessment';

const sameAssessment = (a: AssessmentRequest, b: FinancialAssessmentDoc): boolean =>
  a.nhsNumber === b.nhsNumber &&
  a.weeklyContribution === b.weeklyContribution &&
  a.outcome === b.outcome &&
  JSON.stringify(a.income) === JSON.stringify(b.income);

function replayed(existing: FinancialAssessmentDoc, request: AssessmentRequest): FinancialAssessmentDoc {
  if (!sameAssessment(request, existing)) {
    throw conflict('This idempotency key was already used for a different assessment', {
      argument: 'input.idempotencyKey',
      assessmentId: existing.id,
    });
  }
  return existing;
}

/**
 * Holding council income in social care rests on the person's consent to that flow. The policy
 * cell asks for it too; this check stays whatever the policy says, since the write keeps the data.
 */
async function assertConsent(ctx: SocialCareContext, nhsNumber: string): Promise<void> {
  let facts: PersonFacts;
  try {
    facts = await ctx.gov.facts.load(nhsNumber);
  } catch {
    throw forbidden('consent', COORDINATE);
  }
  const active = facts.consents.some(
    (c) => c.flow === INCOME_FLOW && effectiveConsentState(c, ctx.gov.now) === 'active',
  );
  if (!active) throw forbidden('consent', COORDINATE);
}

/**
 * A Person reference as the gateway sends it: the key, plus the council fields it fetched when the
 * query asks for a field that @requires them. Everything else in a representation is dropped.
 */
export function personReference(ref: {
  nhsNumber: string;
  council?: unknown;
}): PersonRef & { council?: unknown } {
  return 'council' in ref ? { nhsNumber: ref.nhsNumber, council: ref.council } : { nhsNumber: ref.nhsNumber };
}

export function financialResolvers(
  store: WorkflowStore,
  seal: StatementSeal,
): {
  Person: Pick<PersonResolvers, 'incomeForFinancialAssessment' | 'financialAssessments'>;
  Mutation: Pick<MutationResolvers, 'recordFinancialAssessment'>;
} {
  return {
    Person: {
      // The gateway fetched `council` from the council subgraph (under the caller's own policy and
      // consent) and passed it here with the person's key: social care never calls the council.
      incomeForFinancialAssessment: (person, _args, ctx) => {
        const basis = incomeBasisFrom((person as { council?: unknown }).council);
        return basis && { ...basis, seal: seal.of(person.nhsNumber, basis, ctx.gov.now) };
      },
      financialAssessments: (person, _args, ctx) =>
        ctx.loaders.financialAssessmentsByNhs.load(person.nhsNumber),
    },
    Mutation: {
      recordFinancialAssessment: async (_root, { input }, ctx) => {
        const request = validateAssessment(input);
        const sealed = seal.check(input.nhsNumber, input.income, input.income.seal, ctx.gov.now);
        if (sealed === 'altered') {
          throw badInput(
            "The income statement is not the council's as read for this person: read it again and pass it back unchanged",
            { argument: 'input.income' },
          );
        }
        await assertConsent(ctx, request.nhsNumber);
        // A retry of an assessment already recorded gets it back, however long after the read.
        const earlier = await store.financialByIdempotencyKey(ctx.care.org, request.idempotencyKey);
        if (earlier) return replayed(earlier, request);
        if (sealed === 'expired') {
          throw badInput(
            `This copy of the income statement is out of date (one may be recorded from for ${SEAL_TTL_SECONDS / 3600} hours after it is read), and the council may have changed it since: read it again`,
            { argument: 'input.income', reason: 'statement_expired' },
          );
        }
        const client = await store.clientByNhs(request.nhsNumber);
        if (!client || client.borough !== ctx.care.org) {
          throw badInput("This person is not a client of your borough's social care", {
            argument: 'input.nhsNumber',
          });
        }
        const id = randomUUID();
        const doc: FinancialAssessmentDoc = {
          _id: id,
          id,
          nhsNumber: request.nhsNumber,
          clientId: client.clientId,
          income: request.income,
          weeklyContribution: request.weeklyContribution,
          outcome: request.outcome,
          assessedBy: ctx.care.name,
          assessedBySub: ctx.care.sub,
          assessedByOrg: ctx.care.org,
          assessedAt: ctx.gov.now.toISOString(),
          idempotencyKey: request.idempotencyKey,
        };
        try {
          await store.insertFinancial(doc);
        } catch (e) {
          if (e instanceof DuplicateKeyError) {
            const winner = await store.financialByIdempotencyKey(ctx.care.org, request.idempotencyKey);
            if (winner) return replayed(winner, request);
          }
          throw e;
        }
        return doc;
      },
    },
  };
}
