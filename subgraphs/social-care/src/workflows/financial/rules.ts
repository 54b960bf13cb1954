import { badInput, isCalendarDate, tidyText } from '@care/common';
import type { IncomeBasisDoc } from '../types';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;
const MAX_SOURCES = 30;
const MAX_WEEKLY = 100_000;
const MAX_CAPITAL = 100_000_000;
const MAX_CONTRIBUTION = 10_000;
const MAX_OUTCOME = 2000;
/** Rounding in the council's figures: a penny either way still adds up. */
const PENNY = 0.011;

export interface IncomeInput {
  claimReference: string;
  periodStart: string;
  periodEnd: string;
  sources: { kind: string; weeklyAmount: number }[];
  totalWeekly: number;
  capital?: number | null;
  verifiedOn?: string | null;
}

export interface AssessmentRequest {
  nhsNumber: string;
  income: IncomeBasisDoc;
  weeklyContribution: number;
  outcome: string;
  idempotencyKey: string;
}

const amount = (n: number, max: number) => Number.isFinite(n) && n >= 0 && n <= max;

function validateIncome(i: IncomeInput): IncomeBasisDoc {
  const bad = (arg: string, why: string) => badInput(why, { argument: `input.income.${arg}` });
  const claimReference = i.claimReference.trim();
  if (claimReference.length < 1 || claimReference.length > 50) {
    throw bad('claimReference', 'claimReference must be 1 to 50 characters');
  }
  if (!isCalendarDate(i.periodStart))
    throw bad('periodStart', 'periodStart must be an ISO date (YYYY-MM-DD)');
  if (!isCalendarDate(i.periodEnd)) throw bad('periodEnd', 'periodEnd must be an ISO date (YYYY-MM-DD)');
  if (i.periodStart > i.periodEnd) throw bad('periodEnd', 'periodEnd must not be before periodStart');
  if (i.sources.length < 1 || i.sources.length > MAX_SOURCES) {
    throw bad('sources', `sources must list 1 to ${MAX_SOURCES} sources of income`);
  }
  const sources = i.sources.map((s, n) => {
    const kind = s.kind.trim();
    if (kind.length < 1 || kind.length > 100)
      throw bad(`sources.${n}.kind`, 'kind must be 1 to 100 characters');
    if (!amount(s.weeklyAmount, MAX_WEEKLY)) {
      throw bad(`sources.${n}.weeklyAmount`, `weeklyAmount must be from 0 to ${MAX_WEEKLY}`);
    }
    return { kind, weeklyAmount: s.weeklyAmount };
  });
  const sum = sources.reduce((t, s) => t + s.weeklyAmount, 0);
  if (!amount(i.totalWeekly, MAX_WEEKLY) || Math.abs(sum - i.totalWeekly) > PENNY) {
    // The figures must be the council's statement as read, not a hand-edited copy.
    throw bad('totalWeekly', 'totalWeekly must equal the sum of the sources: pass the statement unchanged');
  }
  const capital = i.capital ?? null;
  if (capital !== null && !amount(capital, MAX_CAPITAL)) {
    throw bad('capital', `capital must be from 0 to ${MAX_CAPITAL}`);
  }
  const verifiedOn = i.verifiedOn ?? null;
  if (verifiedOn !== null && !isCalendarDate(verifiedOn)) {
    throw bad('verifiedOn', 'verifiedOn must be an ISO date (YYYY-MM-DD)');
  }
  return {
    source: 'council_housing_benefit',
    claimReference,
    periodStart: i.periodStart,
    periodEnd: i.periodEnd,
    sources,
    totalWeekly: i.totalWeekly,
    capital,
    verifiedOn,
  };
}

/** Checks a financial assessment; throws BAD_USER_INPUT naming the argument at fault. */
export function validateAssessment(input: {
  nhsNumber: string;
  income: IncomeInput;
  weeklyContribution: number;
  outcome: string;
  idempotencyKey: string;
}): AssessmentRequest {
  if (!IDEMPOTENCY_KEY.test(input.idempotencyKey)) {
    throw badInput('idempotencyKey must be 8 to 100 characters of letters, digits, _ or -', {
      argument: 'input.idempotencyKey',
    });
  }
  const income = validateIncome(input.income);
  if (!amount(input.weeklyContribution, MAX_CONTRIBUTION)) {
    throw badInput(`weeklyContribution must be from 0 to ${MAX_CONTRIBUTION}`, {
      argument: 'input.weeklyContribution',
    });
  }
  const outcome = tidyText(input.outcome);
  if (outcome.length < 1 || outcome.length > MAX_OUTCOME) {
    throw badInput(`outcome must be 1 to ${MAX_OUTCOME} characters`, { argument: 'input.outcome' });
  }
  return {
    nhsNumber: input.nhsNumber,
    income,
    weeklyContribution: input.weeklyContribution,
    outcome,
    idempotencyKey: input.idempotencyKey,
  };
}

/** The council's statement as a financial assessment takes it; null when there is none to take. */
export function incomeBasisFrom(council: unknown): IncomeBasisDoc | null {
  const hb = (council as { housingBenefit?: unknown } | null)?.housingBenefit as
    { claimReference?: unknown; incomeStatement?: unknown } | null | undefined;
  const st = hb?.incomeStatement as
    | {
        periodStart?: unknown;
        periodEnd?: unknown;
        totalWeekly?: unknown;
        capital?: unknown;
        verifiedOn?: unknown;
        sources?: unknown;
      }
    | null
    | undefined;
  if (!hb || !st || typeof hb.claimReference !== 'string') return null;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const sources = Array.isArray(st.sources)
    ? st.sources.flatMap((s: { kind?: unknown; weeklyAmount?: unknown }) =>
        typeof s?.kind === 'string' && typeof s.weeklyAmount === 'number'
          ? [{ kind: s.kind, weeklyAmount: s.weeklyAmount }]
          : [],
      )
    : [];
  const periodStart = str(st.periodStart);
  const periodEnd = str(st.periodEnd);
  const totalWeekly = num(st.totalWeekly);
  if (!periodStart || !periodEnd || totalWeekly === null) return null;
  return {
    source: 'council_housing_benefit',
    claimReference: hb.claimReference,
    periodStart,
    periodEnd,
    sources,
    totalWeekly,
    capital: num(st.capital),
    verifiedOn: str(st.verifiedOn),
  };
}
