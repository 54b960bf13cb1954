import { createHash } from 'node:crypto';
import { chainHash, GENESIS_HASH, type AuditEntry } from './record';

/** The canonical form as first written (entries, sort, join): every chain stored so far used it. */
function firstCanonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(firstCanonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${firstCanonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
const firstHash = (e: unknown, seq: number, prev: string) =>
  createHash('sha256')
    .update(prev)
    .update(firstCanonical({ ...(e as object), seq }))
    .digest('hex');

// Written out here, not shared with other tests' records: the hashes pinned below are of exactly this.
const entry: AuditEntry = {
  at: '2026-12-01T12:00:00.000Z',
  requestId: 'r-1',
  user: 'dr.okafor',
  role: 'gp',
  org: 'E85001',
  purpose: 'direct_care',
  breakGlass: false,
  kind: 'read',
  operationName: 'Person',
  operationHash: 'h',
  outcome: 'partial',
  persons: ['9990000018', '9990000026'],
  access: [
    {
      persons: ['9990000018', '9990000026'],
      allowed: ['Person.health', 'Health.conditions'],
      denied: [{ field: 'Person.council', reason: 'role' }],
    },
    { nhsNumber: '9990000034', allowed: [], denied: [] },
  ],
  note: 'attempt: "quoted" \u00e9 \u2028',
};

describe('the audit chain hash', () => {
  // Stored trails are verified with this function: a change to how a record is hashed would
  // report every record written before it as altered.
  it('is the hash records have always been stored with', () => {
    expect(chainHash(entry, 7, GENESIS_HASH)).toBe(
      'f8de5a7c76738e4bdbef573e1a02a625ea7e070dc0b369b0b7c8cdb606f29b0b',
    );
    const withUndefined = { ...entry, note: null, extra: undefined } as unknown as AuditEntry;
    expect(chainHash(withUndefined, 8, 'a'.repeat(64))).toBe(
      'dde5e19f2185e867f1de3ec96b29580f1d012c154b53fef498a7010961faba97',
    );
  });

  it('does not depend on the order the record was built in', () => {
    const reordered = Object.fromEntries(Object.entries(entry).reverse()) as unknown as AuditEntry;
    expect(chainHash(reordered, 7, GENESIS_HASH)).toBe(chainHash(entry, 7, GENESIS_HASH));
  });

  it('changes when any field changes', () => {
    const base = chainHash(entry, 7, GENESIS_HASH);
    expect(chainHash({ ...entry, outcome: 'allowed' }, 7, GENESIS_HASH)).not.toBe(base);
    expect(chainHash({ ...entry, persons: ['9990000018'] }, 7, GENESIS_HASH)).not.toBe(base);
    expect(chainHash(entry, 8, GENESIS_HASH)).not.toBe(base);
    expect(chainHash(entry, 7, 'a'.repeat(64))).not.toBe(base);
  });

  it('hashes odd values exactly as the first implementation did', () => {
    // eslint-disable-next-line no-sparse-arrays -- a hole is one of the odd values
    const holes = ['a', , 'b'];
    const odd: unknown[] = [
      holes,
      new Array(3),
      ['a', undefined, null, 1, -0, 1e21, Number.NaN, true],
      [['x', 'y'], [], [[]], { b: 1, a: ['z'] }],
      { '\u00e9': 'é', e: '\ud800', '10': 'ten', '9': 'nine', Z: 'upper', a: undefined, n: null },
      '\u2028 "quoted" \\ back',
      [],
      {},
    ];
    for (const value of odd) {
      const e = { ...entry, note: value } as unknown as AuditEntry;
      expect(chainHash(e, 3, GENESIS_HASH)).toBe(firstHash(e, 3, GENESIS_HASH));
      const inAccess = { ...entry, access: [{ persons: value, allowed: [value], denied: [] }] };
      expect(chainHash(inAccess as unknown as AuditEntry, 4, 'b'.repeat(64))).toBe(
        firstHash(inAccess, 4, 'b'.repeat(64)),
      );
    }
    expect(chainHash(entry, 7, GENESIS_HASH)).toBe(firstHash(entry, 7, GENESIS_HASH));
  });
});
