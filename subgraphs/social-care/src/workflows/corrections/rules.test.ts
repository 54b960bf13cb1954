import { decisionReason, normaliseValue, validateProposal } from './rules';

const base = {
  nhsNumber: '9990000018',
  field: 'CONTACT_PHONE' as const,
  targetId: 'K1',
  proposedValue: '07700 900123',
  reason: 'New number',
  idempotencyKey: 'abcdefgh-1',
};

describe('correction rules', () => {
  it('keeps each correctable value in the form the record holds it', () => {
    expect(normaliseValue('CONTACT_PHONE', '  020  7946 0000 ')).toBe('020 7946 0000');
    expect(normaliseValue('CONTACT_PHONE', '+44 (0)20 7946-0000')).toBe('+44 (0)20 7946-0000');
    expect(normaliseValue('CONTACT_NAME', " Siobhán  O'Neill-Ryan ")).toBe("Siobhán O'Neill-Ryan");
    expect(normaliseValue('CARE_PACKAGE_HOURS', '14.50')).toBe('14.5');
    expect(normaliseValue('CARE_PACKAGE_HOURS', '0')).toBe('0');
  });

  it.each([
    ['CONTACT_PHONE', 'ring me'],
    ['CONTACT_PHONE', '12345'],
    ['CONTACT_PHONE', '0'.repeat(16)],
    ['CONTACT_NAME', ''],
    ['CONTACT_NAME', 'Robert; DROP TABLE'],
    ['CARE_PACKAGE_HOURS', '169'],
    ['CARE_PACKAGE_HOURS', '-1'],
    ['CARE_PACKAGE_HOURS', '7.125'],
    ['CARE_PACKAGE_HOURS', 'seven'],
  ] as const)('refuses %s %p naming the argument', (field, value) => {
    expect(() => normaliseValue(field, value)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ argument: 'input.proposedValue' }) }),
    );
  });

  it('needs a reason and a well-formed idempotency key', () => {
    expect(() => validateProposal({ ...base, reason: '  ' })).toThrow(/reason/);
    expect(() => validateProposal({ ...base, idempotencyKey: 'short' })).toThrow(/idempotencyKey/);
    expect(validateProposal(base).reason).toBe('New number');
  });

  it('needs a reason to reject, not to accept', () => {
    expect(() => decisionReason(' ', true)).toThrow(/reason is required/);
    expect(decisionReason(undefined, false)).toBeNull();
    expect(decisionReason(' ok ', false)).toBe('ok');
  });
});
