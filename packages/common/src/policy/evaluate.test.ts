import { emptyFacts, type PersonFacts } from '../facts';
import { decide, decideFor, standingOf, type Viewer } from './evaluate';
import type { Cell, PolicyDocument } from './types';

const NOW = new Date('2026-12-01T12:00:00Z');
const GP: Viewer = { sub: 'dr.okafor', role: 'gp', org: 'E85001' };
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

const policyWith = (cell: Cell | null, notify = false): PolicyDocument => ({
  fields: { 'HealthRecord.conditions': { cells: cell ? { gp: cell } : {}, notifyOnUnscheduledView: notify } },
});
const facts = (over: Partial<PersonFacts> = {}): PersonFacts => ({
  ...emptyFacts('9990000018'),
  gpPractice: 'E85001',
  ...over,
});
const consent = (state: 'active' | 'pending' | 'withdrawn', confirmBy: string | null = null) => ({
  flow: 'social_care_to_health',
  state,
  confirmBy,
});
const glass = { breakGlass: [{ holder: 'dr.okafor', until: later(30) }] };
const outcome = (cell: Cell | null, f: PersonFacts | null, notify = false) => {
  const d = decide(policyWith(cell, notify), 'HealthRecord.conditions', GP, f, NOW);
  return d.allow ? `allow${d.breakGlass ? ' (break-glass)' : ''}${d.notify ? ' notify' : ''}` : d.reason;
};

describe('field decisions', () => {
  it.each([
    ['no cell for the role', null, facts(), 'role'],
    ['a deny cell, even under break-glass', { access: 'deny' }, facts(glass), 'role'],
    ['any: without a relationship', { access: 'any' }, facts({ gpPractice: 'Y00001' }), 'allow'],
    ['related: the registered practice', { access: 'related' }, facts(), 'allow'],
    ['related: another practice', { access: 'related' }, facts({ gpPractice: 'Y00001' }), 'relationship'],
    [
      'related: another practice, break-glass open',
      { access: 'related' },
      facts({ gpPractice: 'Y00001', ...glass }),
      'allow (break-glass)',
    ],
    [
      'related: break-glass that has ended',
      { access: 'related' },
      facts({ gpPractice: 'Y00001', breakGlass: [{ holder: 'dr.okafor', until: later(-1) }] }),
      'relationship',
    ],
    [
      'related: break-glass opened by someone else',
      { access: 'related' },
      facts({ gpPractice: 'Y00001', breakGlass: [{ holder: 'dr.other', until: later(30) }] }),
      'relationship',
    ],
    ['break_glass only, none open', { access: 'break_glass' }, facts(), 'break_glass_needed'],
    ['break_glass only, open', { access: 'break_glass' }, facts(glass), 'allow (break-glass)'],
    [
      'consent needed, active',
      { access: 'related', consent: 'social_care_to_health' },
      facts({ consents: [consent('active')] }),
      'allow',
    ],
    ['consent needed, none', { access: 'related', consent: 'social_care_to_health' }, facts(), 'consent'],
    [
      'consent needed, withdrawn',
      { access: 'related', consent: 'social_care_to_health' },
      facts({ consents: [consent('withdrawn')] }),
      'consent',
    ],
    [
      'consent needed, pending past its confirmation date',
      { access: 'related', consent: 'social_care_to_health' },
      facts({ consents: [consent('pending', later(-60))] }),
      'consent',
    ],
    [
      'consent needed, withdrawn, break-glass open',
      { access: 'related', consent: 'social_care_to_health' },
      facts({ consents: [consent('withdrawn')], ...glass }),
      'allow (break-glass)',
    ],
  ] as [string, Cell | null, PersonFacts, string][])('%s', (_what, cell, f, expected) => {
    expect(outcome(cell, f)).toBe(expected);
  });

  it('opens a field tied to no person only through an any cell', () => {
    expect(outcome({ access: 'any' }, null)).toBe('allow');
    expect(outcome({ access: 'related' }, null)).toBe('no_person');
  });

  it('says which fields notify the social worker when seen', () => {
    expect(outcome({ access: 'related' }, facts(), true)).toBe('allow notify');
  });

  it('decides the same from a standing derived once as from the facts each time', () => {
    const f = facts({ consents: [consent('active')], gpPractice: 'Y00001', ...glass });
    const standing = standingOf(GP, f, NOW);
    for (const access of ['deny', 'related', 'any', 'break_glass'] as const) {
      for (const c of [null, 'social_care_to_health', 'health_to_social_care']) {
        const policy = policyWith({ access, consent: c });
        expect(decideFor(policy, 'HealthRecord.conditions', 'gp', standing)).toEqual(
          decide(policy, 'HealthRecord.conditions', GP, f, NOW),
        );
      }
    }
  });
});
