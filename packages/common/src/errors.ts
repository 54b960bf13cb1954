import { GraphQLError } from 'graphql';

/** Stable `extensions.code` values: clients switch on these, so they never change meaning. */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  SOURCE_UNAVAILABLE: 'SOURCE_UNAVAILABLE',
  AUDIT_UNAVAILABLE: 'AUDIT_UNAVAILABLE',
  ACCOUNT_LOCKED: 'ACCOUNT_LOCKED',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Why a field was withheld; shown to the user, never the value itself. */
export type DenyReason = 'role' | 'relationship' | 'consent' | 'break_glass_needed' | 'no_person';

const denyMessages: Record<DenyReason, string> = {
  role: 'Not shared with your role',
  relationship: 'No legitimate relationship with this person',
  consent: 'Not shared: consent needed',
  break_glass_needed: 'Only available under break-glass',
  no_person: 'Not shared: this field is not tied to a person you may see',
};

export function careError(
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export function forbidden(reason: DenyReason, coordinate: string): GraphQLError {
  return careError(ErrorCode.FORBIDDEN, `${denyMessages[reason]} (${coordinate})`, {
    reason,
    field: coordinate,
  });
}

export const badInput = (message: string, extra: Record<string, unknown> = {}): GraphQLError =>
  careError(ErrorCode.BAD_USER_INPUT, message, extra);
export const notFound = (message: string): GraphQLError => careError(ErrorCode.NOT_FOUND, message);
export const unauthenticated = (message = 'Sign in required'): GraphQLError =>
  careError(ErrorCode.UNAUTHENTICATED, message);
export const conflict = (message: string, extra: Record<string, unknown> = {}): GraphQLError =>
  careError(ErrorCode.CONFLICT, message, extra);
