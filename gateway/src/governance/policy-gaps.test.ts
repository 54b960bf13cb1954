import type { PolicyDocument } from '@care/common';
import { policyGaps } from './policy-gaps';

describe('policy gaps against the seeded policy', () => {
  const seeded: PolicyDocument = {
    fields: {
      'Query.workWaiting': { cells: { ig_admin: { access: 'any' }, social_worker: { access: 'any' } } },
      'Person.nhsNumber': { cells: { gp: { access: 'related' } } },
      'HealthRecord.conditions': { cells: { gp: { access: 'related' } } },
    },
  };

  it('names the fields and roles the seeded policy grants that the current policy denies', () => {
    const current: PolicyDocument = {
      fields: {
        // A field the policy predates is simply absent; a grant taken away is a deny.
        'Person.nhsNumber': { cells: { gp: { access: 'related' } } },
        'HealthRecord.conditions': { cells: { gp: { access: 'deny' } } },
        'Query.workWaiting': { cells: { ig_admin: { access: 'any' } } },
      },
    };
    expect(policyGaps(current, seeded)).toEqual([
      { coordinate: 'HealthRecord.conditions', roles: ['gp'] },
      { coordinate: 'Query.workWaiting', roles: ['social_worker'] },
    ]);
    expect(policyGaps({ fields: {} }, seeded).map((g) => g.coordinate)).toHaveLength(3);
    expect(policyGaps(seeded, seeded)).toEqual([]);
  });
});
