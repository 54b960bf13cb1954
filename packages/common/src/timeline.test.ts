import DataLoader from 'dataloader';
import { AccessRecorder } from './access';
import type { PersonFacts } from './facts';
import type { GovernedContext } from './policy/shield';
import type { PolicyDocument } from './policy/types';
import { sourceEventResolvers, type SourceEvent } from './timeline';

const event = (): SourceEvent => ({
  nhsNumber: '9990000018',
  id: 'visit:1',
  at: '2026-11-30T10:00:00.000Z',
  kind: 'VISIT',
  link: null,
  summary: { text: 'Home visit', shows: ['SocialCareRecord.visits'] },
  detail: { text: 'reviewed the care plan', shows: ['SocialCareRecord.visitNotes'] },
});

function context(off: boolean): { ctx: GovernedContext; factsAsked: () => number } {
  let asked = 0;
  const facts = new DataLoader<string, PersonFacts>(async (keys) => {
    asked += keys.length;
    throw new Error('the governance API refused');
  });
  const ctx: GovernedContext = {
    gov: {
      viewer: { sub: 'dr.okafor', role: 'gp', org: 'E85001' },
      policy: { version: 1, rules: {} } as unknown as PolicyDocument,
      facts,
      access: new AccessRecorder(),
      now: new Date('2026-12-01T00:00:00Z'),
      ...(off ? { off } : {}),
    },
  };
  return { ctx, factsAsked: () => asked };
}

describe('timeline summaries', () => {
  it('are withheld when the governance facts cannot be had', async () => {
    const { ctx, factsAsked } = context(false);
    const e = event();
    expect(await sourceEventResolvers.summary(e, {}, ctx)).toBeNull();
    expect(await sourceEventResolvers.redacted(e, {}, ctx)).toBe(true);
    expect(factsAsked()).toBe(1);
  });

  it('with governance off (benchmark only) are shared whole, without asking for facts', async () => {
    const { ctx, factsAsked } = context(true);
    const e = event();
    expect(await sourceEventResolvers.summary(e, {}, ctx)).toBe('Home visit: reviewed the care plan');
    expect(await sourceEventResolvers.redacted(e, {}, ctx)).toBe(false);
    expect(factsAsked()).toBe(0);
    expect(ctx.gov.access.empty).toBe(true);
  });
});
