import { chainHash, GENESIS_HASH, type AuditEntry } from './record';

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
});
