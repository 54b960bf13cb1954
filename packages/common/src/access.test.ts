import { AccessRecorder, mergeAccess, personsOf, type AccessGroup } from './access';

const A = '9990000018';
const B = '9990000026';
const C = '9990000034';

describe('access reports', () => {
  it('groups the people a subgraph returned by identical access, lists sorted, once per group', () => {
    const rec = new AccessRecorder();
    for (const nhs of [A, B, C]) {
      rec.allowed(nhs, 'CaseloadEntry.name', false, false);
      rec.allowed(nhs, 'CaseloadEntry.caseStatus', false, false);
    }
    rec.denied(C, 'CaseloadEntry.caseNotes', 'consent');
    rec.allowed(null, 'Query.myCaseload', false, false);
    expect(rec.toJSON()).toEqual([
      {
        persons: [A, B],
        allowed: ['CaseloadEntry.caseStatus', 'CaseloadEntry.name'],
        denied: [],
        breakGlass: false,
        notify: [],
      },
      {
        persons: [C],
        allowed: ['CaseloadEntry.caseStatus', 'CaseloadEntry.name'],
        denied: [{ field: 'CaseloadEntry.caseNotes', reason: 'consent' }],
        breakGlass: false,
        notify: [],
      },
      { persons: [null], allowed: ['Query.myCaseload'], denied: [], breakGlass: false, notify: [] },
    ]);
  });

  it('merges several fetches per person: the union of what each subgraph returned and withheld', () => {
    const socialCare: AccessGroup[] = [
      {
        persons: [A, B, C],
        allowed: ['SocialCareRecord.caseStatus'],
        denied: [],
        breakGlass: false,
        notify: [],
      },
    ];
    const health: AccessGroup[] = [
      { persons: [A, C], allowed: ['Person.healthFlags'], denied: [], breakGlass: false, notify: [] },
      {
        persons: [B],
        allowed: ['Person.health'],
        denied: [{ field: 'Person.healthFlags', reason: 'consent' }],
        breakGlass: true,
        notify: [],
      },
    ];
    // The same fields again from a second fetch to social care: no new group, no duplicates.
    const again: AccessGroup[] = [
      { persons: [C], allowed: ['SocialCareRecord.caseStatus'], denied: [], breakGlass: false, notify: [] },
    ];
    const merged = mergeAccess([...socialCare, ...health, ...again]);
    expect(merged).toEqual([
      {
        persons: [A, C],
        allowed: ['Person.healthFlags', 'SocialCareRecord.caseStatus'],
        denied: [],
        breakGlass: false,
        notify: [],
      },
      {
        persons: [B],
        allowed: ['Person.health', 'SocialCareRecord.caseStatus'],
        denied: [{ field: 'Person.healthFlags', reason: 'consent' }],
        breakGlass: true,
        notify: [],
      },
    ]);
    // Each person's access is what the person-by-person merge would give.
    for (const p of personsOf(merged)) {
      const inputs = [...socialCare, ...health, ...again].filter((g) => g.persons.includes(p.nhsNumber));
      expect(p.allowed).toEqual([...new Set(inputs.flatMap((g) => g.allowed))].sort());
      expect(p.denied.map((d) => d.field)).toEqual(
        [...new Set(inputs.flatMap((g) => g.denied.map((d) => d.field)))].sort(),
      );
    }
  });

  it('keeps notify fields and break-glass with the people they belong to', () => {
    const merged = mergeAccess([
      {
        persons: [A],
        allowed: ['SocialCareRecord.childProtection'],
        denied: [],
        breakGlass: false,
        notify: ['SocialCareRecord.childProtection'],
      },
      {
        persons: [B],
        allowed: ['SocialCareRecord.childProtection'],
        denied: [],
        breakGlass: false,
        notify: [],
      },
    ]);
    expect(personsOf(merged.filter((g) => g.notify.length > 0)).map((p) => p.nhsNumber)).toEqual([A]);
  });

  it('takes in what another operation reported, with its denials, notices and break-glass', () => {
    const rec = new AccessRecorder();
    rec.allowed(A, 'Person.timeline', false, false);
    const reported: AccessGroup[] = [
      {
        persons: [A],
        allowed: ['Person.healthEvents', 'HealthEvent.summary'],
        denied: [{ field: 'Person.councilEvents', reason: 'role' }],
        breakGlass: true,
        notify: ['HealthEvent.summary'],
      },
    ];
    rec.include(reported);
    expect(rec.people()).toEqual([
      {
        nhsNumber: A,
        allowed: ['HealthEvent.summary', 'Person.healthEvents', 'Person.timeline'],
        denied: [{ field: 'Person.councilEvents', reason: 'role' }],
        breakGlass: true,
        notify: ['HealthEvent.summary'],
      },
    ]);
  });
});
