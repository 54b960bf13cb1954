import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { errorsOf, type GqlError } from './governed';
import { workChanged } from './work-waiting';

export interface Action<TData, TVariables> {
  /** Runs the mutation; resolves to its data when it succeeded without errors, else null. */
  run: (variables: TVariables) => Promise<TData | null>;
  loading: boolean;
  errors: readonly GqlError[];
  reset: () => void;
}

/** A mutation whose errors (by stable code) are kept for the form to show. */
export function useAction<TData, TVariables extends OperationVariables>(
  doc: TypedDocumentNode<TData, TVariables>,
): Action<TData, TVariables> {
  const [mutate, { loading }] = useMutation(doc);
  const [errors, setErrors] = useState<readonly GqlError[]>([]);
  async function run(variables: TVariables): Promise<TData | null> {
    setErrors([]);
    try {
      // The hook's tuple-typed options cannot be spelled for a generic TVariables; the call is exact.
      const call = mutate as unknown as (o: { variables: TVariables }) => ReturnType<typeof mutate>;
      const r = await call({ variables });
      const errs = errorsOf(r.error);
      setErrors(errs);
      // A decision, or the news that someone else made it first, may have emptied a queue the
      // navigation counts.
      workChanged();
      return errs.length === 0 && r.data ? (r.data as TData) : null;
    } catch (e) {
      setErrors(errorsOf(e));
      workChanged();
      return null;
    }
  }
  return { run, loading, errors, reset: () => setErrors([]) };
}

/**
 * An idempotency key for one submission: a retry of the same submission reuses it, so the server
 * makes one record however often the request is resent. crypto.randomUUID needs a secure context;
 * getRandomValues does not, so plain-http deployments on a clinical network still work.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}
