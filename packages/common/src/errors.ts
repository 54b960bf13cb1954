import { GraphQLError, type ASTNode } from 'graphql';

/** Where in the response an error belongs, when the caller knows (a resolver's `info`). */
export interface ErrorAt {
  path: readonly (string | number)[];
  nodes: readonly ASTNode[];
}

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
  at?: ErrorAt,
): GraphQLError {
  // An expected outcome (a denial, bad input), not a fault: it needs no stack trace, yet graphql
  // copies the stack into every located error, and formatting it (with source maps) cost more
  // than resolving the field: a tenth of a subgraph's time on a caseload with denials.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // Located already, graphql passes it on as it is instead of wrapping it in a second error.
    return new GraphQLError(message, { extensions: { code, ...extra }, ...(at ?? {}) });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export function forbidden(reason: DenyReason, coordinate: string, at?: ErrorAt): GraphQLError {
  return careError(
    ErrorCode.FORBIDDEN,
    `${denyMessages[reason]} (${coordinate})`,
    { reason, field: coordinate },
    at,
  );
}

export const badInput = (message: string, extra: Record<string, unknown> = {}): GraphQLError =>
  careError(ErrorCode.BAD_USER_INPUT, message, extra);
export const notFound = (message: string): GraphQLError => careError(ErrorCode.NOT_FOUND, message);
export const unauthenticated = (message = 'Sign in required'): GraphQLError =>
  careError(ErrorCode.UNAUTHENTICATED, message);
export const conflict = (message: string, extra: Record<string, unknown> = {}): GraphQLError =>
  careError(ErrorCode.CONFLICT, message, extra);
