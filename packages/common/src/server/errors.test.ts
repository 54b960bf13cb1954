import { GraphQLError } from 'graphql';
import { careError, ErrorCode } from '../errors';
import { createLogger } from '../logger';
import { DuplicateKeyError } from '../store/types';
import { formatError, loggableError } from './errors';

const lines: string[] = [];
const log = createLogger('test', 'info', { write: (l: string) => void lines.push(l) });

describe('unexpected errors', () => {
  beforeEach(() => (lines.length = 0));

  it('reach the client masked and the log without the values their message quoted', () => {
    const thrown = new Error(
      'E11000 duplicate key error dup key: { nhsNumber: "9434765919", name: \'Ada Lovelace\' }',
    );
    const wrapped = new GraphQLError(thrown.message, { originalError: thrown, path: ['person', 'health'] });
    const out = formatError(log)({ message: wrapped.message, path: ['person', 'health'] }, wrapped);
    expect(out).toEqual({
      message: 'Internal error',
      path: ['person', 'health'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('9434765919');
    expect(lines[0]).not.toContain('Ada Lovelace');
    const entry = JSON.parse(lines[0]) as { err: { class: string; detail: string; at: string[] } };
    expect(entry.err.class).toBe('Error');
    expect(entry.err.detail).toContain('E# duplicate key error');
    // Where it was thrown survives, so the log still says where to look.
    expect(entry.err.at[0]).toMatch(/errors\.test\.ts/);
  });

  it('are masked though Apollo labels them INTERNAL_SERVER_ERROR, a code deliberate errors also use', () => {
    const format = formatError(log);
    const driver = new Error('dup key: { nhsNumber: "9434765919" }');
    const apolloLabelled = { message: driver.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(format(apolloLabelled, new GraphQLError(driver.message, { originalError: driver })).message).toBe(
      'Internal error',
    );
    const ours = careError(
      ErrorCode.INTERNAL_SERVER_ERROR,
      'The import failed and was undone: nothing changed',
    );
    const oursFormatted = { message: ours.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(format(oursFormatted, new GraphQLError(ours.message, { originalError: ours })).message).toBe(
      'The import failed and was undone: nothing changed',
    );
    // The gateway's copy of a subgraph's error wraps the subgraph's JSON, already masked there.
    const remote = {
      message: 'Internal error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'health' },
    };
    const copied = new GraphQLError(remote.message, { originalError: remote as unknown as Error });
    expect(format(remote, copied)).toMatchObject({ extensions: { serviceName: 'health' } });
    expect(lines).toHaveLength(1);
  });

  it('leave known codes as they are and log nothing for them', () => {
    const out = formatError(log)(
      { message: 'No such person', extensions: { code: 'NOT_FOUND', stacktrace: ['x'] } },
      null,
    );
    expect(out).toEqual({ message: 'No such person', extensions: { code: 'NOT_FOUND' } });
    expect(lines).toHaveLength(0);
  });

  it('keep a store error class and its collection, never the duplicate value', () => {
    expect(loggableError(new DuplicateKeyError('referrals', ['idempotencyKey']))).toMatchObject({
      class: 'DuplicateKeyError',
      detail: 'duplicate key in referrals (idempotencyKey)',
    });
    expect(loggableError('a string')).toEqual({ class: 'string' });
  });
});

describe('the logger', () => {
  beforeEach(() => (lines.length = 0));

  it('redacts personal fields at the top of a line and one level down', () => {
    log.info(
      { givenName: 'Ada', person: { familyName: 'Lovelace', dateOfBirth: '1815-12-10', postcode: 'W6 9XX' } },
      'x',
    );
    for (const secret of ['Ada', 'Lovelace', '1815-12-10', 'W6 9XX']) expect(lines[0]).not.toContain(secret);
  });
});
