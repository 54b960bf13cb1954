import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './errors';

const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2];

/** Modulus 11 check digit for the first nine digits; null when no valid digit exists (remainder 10). */
export function nhsCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * WEIGHTS[i];
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

export function isValidNhsNumber(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{10}$/.test(value)) return false;
  return nhsCheckDigit(value.slice(0, 9)) === Number(value[9]);
}

/** Accepts the common written forms ("943 476 5919", "943-476-5919") and returns the bare ten digits. */
export function normaliseNhsNumber(value: string): string {
  return value.replace(/[\s-]/g, '');
}

function parse(value: unknown): string {
  const digits = typeof value === 'string' ? normaliseNhsNumber(value) : value;
  if (!isValidNhsNumber(digits)) {
    throw badInput('NhsNumber must be 10 digits with a valid modulus 11 check digit', {
      argument: 'nhsNumber',
    });
  }
  return digits;
}

export const NhsNumberScalar = new GraphQLScalarType({
  name: 'NhsNumber',
  description:
    'An NHS number: 10 digits, the last a modulus 11 check digit. Spaces and hyphens are accepted on input.',
  serialize: (v) => v,
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('NhsNumber must be given as a string');
    return parse(ast.value);
  },
});
