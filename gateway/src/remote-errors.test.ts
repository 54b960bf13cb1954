import { GraphQLError } from 'graphql';
import { RemoteErrors, remoteErrors } from './remote-errors';

const copy = (e: { message: string }) => new GraphQLError(e.message, { path: ['person', 'council'] });

describe('a subgraph answer’s errors, as the gateway copies them', () => {
  it('are copied without a stack trace, and the limit is restored afterwards', () => {
    const before = Error.stackTraceLimit;
    const [copied] = remoteErrors([{ message: 'Not shared with your role (Person.council)' }])!.map(copy);
    expect(copied.message).toBe('Not shared with your role (Person.council)');
    expect(copied.path).toEqual(['person', 'council']);
    expect(copied.stack).not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(before);
    // An error raised outside that copy keeps its stack.
    expect(new Error('own').stack).toMatch(/\n\s+at /);
  });

  it('restores the limit when a copy throws', () => {
    const before = Error.stackTraceLimit;
    expect(() =>
      RemoteErrors.copyOf([1]).map(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(Error.stackTraceLimit).toBe(before);
  });

  it('behave as a plain array otherwise', () => {
    const errors = RemoteErrors.copyOf([{ message: 'a' }, { message: 'b' }]);
    expect(errors).toHaveLength(2);
    expect(Array.isArray(errors)).toBe(true);
    expect(JSON.stringify(errors)).toBe('[{"message":"a"},{"message":"b"}]');
    expect(errors.filter((e) => e.message === 'b')).toEqual([{ message: 'b' }]);
    expect(errors.filter(() => true)).not.toBeInstanceOf(RemoteErrors);
    expect(errors.map((e, i, all) => `${e.message}${i}${all.length}`)).toEqual(['a02', 'b12']);
    expect(remoteErrors(undefined)).toBeUndefined();
    expect(remoteErrors([])).toBeUndefined();
  });
});
