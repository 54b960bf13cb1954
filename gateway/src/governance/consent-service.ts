import {
  badInput,
  effectiveConsentState,
  forbidden,
  hasRelationship,
  notFound,
  ROLE_INFO,
  tidyText,
  type CareContext,
  type ConsentState,
} from '@care/common';
import { randomUUID } from 'node:crypto';
import { factsFor } from './facts-service';
import type { ConsentDoc } from './documents';
import type { HeadCache } from './head-cache';
import type { GovernanceStore } from './store';

export interface ConsentSettings {
  /** Days social services have to confirm the paper form of GP-collected consent. */
  confirmDays: number;
}

const noteOf = (note: string | null | undefined): string | null => {
  if (note == null) return null;
  if (note.length > 1000) throw badInput('A note is at most 1000 characters');
  return tidyText(note) || null;
};

/** Consent per person and data flow; history is appended, never overwritten (JET). */
export class ConsentService {
  constructor(
    private readonly store: GovernanceStore,
    private readonly head: HeadCache,
    private readonly settings: ConsentSettings,
  ) {}

  async forPeople(nhsNumbers: readonly string[]): Promise<ConsentDoc[]> {
    return this.store.consents.find({ nhsNumber: { $in: [...nhsNumbers] } }, { sort: { recordedAt: -1 } });
  }

  /** The consent as it stands now: a pending form not confirmed in time has lapsed. */
  static view(c: ConsentDoc, now: Date): ConsentDoc {
    const state = effectiveConsentState(c, now);
    if (state === c.state) return c;
    const at = c.state === 'pending' ? c.confirmBy : c.expiresAt;
    return {
      ...c,
      state,
      history: [
        ...c.history,
        { state, at: at ?? now.toISOString(), by: 'system', byOrg: '', note: 'not confirmed in time' },
      ],
    };
  }

  async record(
    ctx: CareContext,
    input: {
      nhsNumber: string;
      flow: string;
      method: ConsentDoc['method'];
      agreed: boolean;
      note?: string | null;
    },
    now: Date,
  ): Promise<ConsentDoc> {
    // Health staff collect consent to share social care's record with health on social services'
    // behalf (JET): it stays pending until social services confirm the form. Any other method would
    // let a clinician grant, at once, the consent that gates their own view of that record. (Health's
    // own data, shared with social care, is theirs to agree to.)
    if (
      input.agreed &&
      input.flow === 'social_care_to_health' &&
      ROLE_INFO[ctx.role].sector === 'health' &&
      input.method !== 'GP_COLLECTED'
    ) {
      throw badInput(
        "Health staff record consent to see the social care record as collected on social services' behalf (GP_COLLECTED): it is pending until social services confirm the form",
        { argument: 'method' },
      );
    }
    const known = await this.store.persons.findOne({ _id: input.nhsNumber }, { projection: ['_id'] });
    if (!known) throw notFound('No system knows a person with that NHS number');
    const note = noteOf(input.note);
    // GP-collected consent is provisional until social services confirm the form (JET: 7 days).
    const state: ConsentState = !input.agreed
      ? 'refused'
      : input.method === 'GP_COLLECTED'
        ? 'pending'
        : 'active';
    const at = now.toISOString();
    const doc: ConsentDoc = {
      _id: `CON-${randomUUID()}`,
      nhsNumber: input.nhsNumber,
      flow: input.flow,
      state,
      method: input.method,
      recordedBy: ctx.name,
      recordedByOrg: ctx.org,
      recordedAt: at,
      confirmBy:
        state === 'pending'
          ? new Date(now.getTime() + this.settings.confirmDays * 86_400_000).toISOString()
          : null,
      expiresAt: null,
      history: [{ state, at, by: ctx.name, byOrg: ctx.org, note }],
    };
    // A new consent for a flow supersedes the person's earlier ones for it.
    const earlier = await this.store.consents.find({ nhsNumber: input.nhsNumber, flow: input.flow });
    for (const e of earlier) {
      const now_ = ConsentService.view(e, now);
      if (now_.state === 'active' || now_.state === 'pending') {
        await this.store.consents.updateOne(
          { _id: e._id, state: e.state },
          {
            $set: { state: 'withdrawn' },
            $push: { history: { state: 'withdrawn', at, by: ctx.name, byOrg: ctx.org, note: 'superseded' } },
          },
        );
      }
    }
    await this.store.consents.insertOne(doc);
    await this.head.bumpFacts();
    return doc;
  }

  async confirm(
    ctx: CareContext,
    id: string,
    note: string | null | undefined,
    now: Date,
  ): Promise<ConsentDoc> {
    return this.transition(ctx, id, now, 'active', noteOf(note), (c) => {
      if (c.state !== 'pending')
        throw badInput(`Only a pending consent can be confirmed; this one is ${c.state}`);
      if (ctx.role !== 'social_worker' && ctx.role !== 'financial_officer')
        throw forbidden('role', 'Mutation.confirmConsent');
    });
  }

  async withdraw(
    ctx: CareContext,
    id: string,
    note: string | null | undefined,
    now: Date,
  ): Promise<ConsentDoc> {
    return this.transition(ctx, id, now, 'withdrawn', noteOf(note), (c) => {
      if (c.state !== 'pending' && c.state !== 'active')
        throw badInput(`A ${c.state} consent cannot be withdrawn`);
    });
  }

  private async transition(
    ctx: CareContext,
    id: string,
    now: Date,
    to: ConsentState,
    note: string | null,
    check: (c: ConsentDoc) => void,
  ): Promise<ConsentDoc> {
    const stored = await this.store.consents.findOne({ _id: id });
    if (!stored) throw notFound('No consent with that id');
    const current = ConsentService.view(stored, now);
    check(current);
    // Only staff with a legitimate relationship with the person may change their consent.
    const [facts] = await factsFor(this.store, [stored.nhsNumber], now);
    if (!hasRelationship({ sub: ctx.sub, role: ctx.role, org: ctx.org }, facts, now)) {
      throw forbidden('relationship', 'Consent.state');
    }
    const event = { state: to, at: now.toISOString(), by: ctx.name, byOrg: ctx.org, note };
    const matched = await this.store.consents.updateOne(
      { _id: id, state: stored.state },
      { $set: { state: to }, $push: { history: event } },
    );
    if (matched === 0) throw badInput('The consent changed meanwhile; reload it');
    await this.head.bumpFacts();
    return { ...stored, state: to, history: [...stored.history, event] };
  }
}
