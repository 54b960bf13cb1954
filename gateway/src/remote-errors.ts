/**
 * A subgraph's errors as handed to Apollo Gateway, which copies each into a GraphQLError of its
 * own (`downstreamServiceError`) in one `map` over this array. Every copy captured a stack trace
 * of the gateway's plumbing, which says nothing about an error another process answered, and was
 * about half of what a denied field cost the gateway (the denials of a caseload, a GP's council
 * field): so that `map` runs without capturing stacks. Errors raised in the gateway itself keep
 * theirs, and every other use of the array is an ordinary array's.
 */
export class RemoteErrors<T> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  static copyOf<E>(errors: readonly E[]): RemoteErrors<E> {
    const out = new RemoteErrors<E>();
    for (const e of errors) out.push(e);
    return out;
  }

  override map<U>(fn: (value: T, index: number, array: T[]) => U, thisArg?: unknown): U[] {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      const out: U[] = [];
      for (let i = 0; i < this.length; i++) out.push(fn.call(thisArg, this[i], i, this));
      return out;
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

/** The same errors, so that the gateway's copies of them skip the stack (see RemoteErrors). */
export const remoteErrors = <E>(errors: readonly E[] | undefined): E[] | undefined =>
  errors && errors.length > 0 ? RemoteErrors.copyOf(errors) : undefined;
