import { badInput, conflict, notFound, tidyText, type AccessGroup, type CareContext } from '@care/common';
import type { MatchDoc } from './documents';
import type { PersonIndex } from './person-index';
import type { GovernanceStore } from './store';

/** The owning subgraph's mutation that writes the confirmed NHS number onto its local record. */
export const LINK_MUTATIONS: Partial<Record<MatchDoc['registration']['source'], string>> = {
  SOCIAL_CARE:
    'mutation Link($id: ID!, $n: NhsNumber!) { linkSocialCareClient(clientId: $id, nhsNumber: $n) }',
  COUNCIL: 'mutation Link($id: ID!, $n: NhsNumber!) { linkCouncilResident(councilId: $id, nhsNumber: $n) }',
  HEALTH: 'mutation Link($id: ID!, $n: NhsNumber!) { linkHealthPatient(patientId: $id, nhsNumber: $n) }',
};

const MATCH_STATUSES: readonly MatchDoc['status'][] = ['OPEN', 'CONFIRMED', 'REJECTED'];

export interface ExecuteOptions {
  /**
   * A read made on behalf of a request being audited (the timeline's reads of each source): what
   * it returned and withheld is handed here, before its data comes back, to go into that request's
   * record (one record of everything the caller was shown) instead of a record of its own. Writes
   * are always audited as themselves.
   */
  foldAccessInto?: (access: AccessGroup[]) => void;
}

/** An operation run through the gateway as `as`: shielded by every subgraph, and audited. */
export type Execute = (
  as: CareContext,
  query: string,
  variables: Record<string, unknown>,
  opts?: ExecuteOptions,
) => Promise<{ data: Record<string, unknown> | null; errors: ExecuteError[] }>;

export interface ExecuteError {
  message: string;
  code: string | null;
  /** The subgraph named by SOURCE_UNAVAILABLE. */
  source: string | null;
}

/**
 * An admin's decision on a held record. Confirming links it in the person index and asks the
 * owning subgraph (through the gateway, under the admin's own signed context) to carry the NHS
 * number on its record, so the link shows everywhere at once.
 */
export class MatchDecisions {
  constructor(
    private readonly store: GovernanceStore,
    private readonly index: PersonIndex,
    private readonly execute: Execute,
  ) {}

  list(status: string | null | undefined): Promise<MatchDoc[]> {
    const wanted = status ?? 'OPEN';
    if (!MATCH_STATUSES.includes(wanted as MatchDoc['status']))
      throw badInput(`status must be one of ${MATCH_STATUSES.join(', ')}`, { argument: 'status' });
    return this.store.matches.find({ status: wanted }, { sort: { createdAt: -1 }, limit: 500 });
  }

  /** How many held records wait for a decision. */
  openCount(): Promise<number> {
    return this.store.matches.count({ status: 'OPEN' });
  }

  private async open(id: string): Promise<MatchDoc> {
    const m = await this.store.matches.findOne({ _id: id });
    if (!m) throw notFound('No held record with that id');
    if (m.status !== 'OPEN') throw conflict(`This record was already ${m.status.toLowerCase()}`);
    return m;
  }

  async confirm(ctx: CareContext, id: string, nhsNumber: string, now: Date): Promise<MatchDoc> {
    const m = await this.open(id);
    const person = await this.store.persons.findOne({ _id: nhsNumber });
    if (!person) throw badInput('That NHS number is not in the person index');
    const link = LINK_MUTATIONS[m.registration.source];
    if (link && m.registration.localId) {
      const r = await this.execute(ctx, link, { id: m.registration.localId, n: nhsNumber });
      if (r.errors.length)
        throw badInput(
          `The ${m.registration.source} record could not be linked: ${r.errors.map((e) => e.message).join('; ')}`,
        );
    }
    await this.index.link({ ...m.registration, nhsNumber }, nhsNumber, person);
    const decided = {
      status: 'CONFIRMED' as const,
      decidedBy: ctx.sub,
      decidedAt: now.toISOString(),
      linkedTo: nhsNumber,
    };
    await this.store.matches.updateOne({ _id: id, status: 'OPEN' }, { $set: decided });
    await this.index.changed();
    return { ...m, ...decided };
  }

  async reject(ctx: CareContext, id: string, reason: string, now: Date): Promise<MatchDoc> {
    const text = tidyText(reason);
    if (text.length < 2 || text.length > 1000) throw badInput('Say why (2 to 1000 characters)');
    const m = await this.open(id);
    const decided = {
      status: 'REJECTED' as const,
      decidedBy: ctx.sub,
      decidedAt: now.toISOString(),
      reason: `${m.reason}; rejected: ${text}`,
    };
    await this.store.matches.updateOne({ _id: id, status: 'OPEN' }, { $set: decided });
    return { ...m, ...decided };
  }
}
