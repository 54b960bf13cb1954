import {
  ACCESS_LEVELS,
  badInput,
  conflict,
  DuplicateKeyError,
  isRole,
  notFound,
  ROLES,
  tidyText,
  type Cell,
  type PolicyDocument,
  type Role,
} from '@care/common';
import { randomUUID } from 'node:crypto';
import { ADMIN_LIFELINE } from './default-policy';
import { fromRules, toRules, type PolicyVersionDoc, type PolicyVersionRecord } from './documents';
import type { HeadCache } from './head-cache';
import type { GovernanceStore } from './store';

export const CONSENT_FLOWS = [
  'social_care_to_health',
  'council_benefit_to_social_care',
  'health_to_social_care',
] as const;

export interface CellChange {
  coordinate: string;
  role: Role;
  access: string;
  consent?: string | null;
}

export interface PolicyDiffEntry {
  coordinate: string;
  role: Role;
  fromAccess: string;
  toAccess: string;
  fromConsent: string | null;
  toConsent: string | null;
}

const DENY: Cell = { access: 'deny' };

const view = ({ rules, ...rest }: PolicyVersionRecord): PolicyVersionDoc => ({
  ...rest,
  document: fromRules(rules),
});
const DRAFT_TTL_MS = 15 * 60_000;

/** Cell-by-cell differences between two policy documents, in a stable order. */
export function diffPolicies(a: PolicyDocument, b: PolicyDocument): PolicyDiffEntry[] {
  const out: PolicyDiffEntry[] = [];
  const coords = [...new Set([...Object.keys(a.fields), ...Object.keys(b.fields)])].sort();
  for (const coordinate of coords) {
    for (const role of ROLES) {
      const x = a.fields[coordinate]?.cells[role] ?? DENY;
      const y = b.fields[coordinate]?.cells[role] ?? DENY;
      if (x.access !== y.access || (x.consent ?? null) !== (y.consent ?? null)) {
        out.push({
          coordinate,
          role,
          fromAccess: x.access,
          toAccess: y.access,
          fromConsent: x.consent ?? null,
          toConsent: y.consent ?? null,
        });
      }
    }
  }
  return out;
}

/**
 * The policy as versioned data: every publish makes a new immutable version from the one the
 * admin edited; a stale base is refused, never merged blindly.
 */
export class PolicyService {
  constructor(
    private readonly store: GovernanceStore,
    private readonly coordinates: Set<string>,
    private readonly head: HeadCache,
  ) {}

  async current(): Promise<PolicyVersionDoc> {
    const { policyVersion } = await this.head.get();
    return this.get(policyVersion);
  }

  async get(version: number): Promise<PolicyVersionDoc> {
    const doc = await this.store.policies.findOne({ version });
    if (!doc) throw notFound(`No policy version ${version}`);
    return view(doc);
  }

  async document(version: number, draft: string | null, now: Date): Promise<PolicyDocument> {
    if (draft) {
      const d = await this.store.drafts.findOne({ _id: draft });
      if (!d || new Date(d.expiresAt) < now) throw notFound('Draft policy expired');
      return fromRules(d.rules);
    }
    return (await this.get(version)).document;
  }

  async versions(): Promise<PolicyVersionDoc[]> {
    return (await this.store.policies.find({}, { sort: { version: -1 }, limit: 500 })).map(view);
  }

  /** Validates changes and returns the document they make from `base`. Unknown names are refused. */
  apply(base: PolicyDocument, changes: CellChange[]): PolicyDocument {
    if (changes.length === 0) throw badInput('No changes to publish');
    if (changes.length > 5000) throw badInput('At most 5000 cell changes at once');
    const problems: string[] = [];
    for (const c of changes) {
      if (!this.coordinates.has(c.coordinate)) problems.push(`unknown field ${c.coordinate}`);
      if (!isRole(c.role)) problems.push(`unknown role ${c.role}`);
      if (!(ACCESS_LEVELS as readonly string[]).includes(c.access))
        problems.push(`unknown access ${c.access}`);
      if (c.consent && !(CONSENT_FLOWS as readonly string[]).includes(c.consent)) {
        problems.push(`unknown consent flow ${c.consent}`);
      }
      if (
        c.role === 'anonymous' &&
        c.access !== 'deny' &&
        c.coordinate !== 'Mutation.login' &&
        !c.coordinate.startsWith('LoginResult.')
      ) {
        problems.push(`${c.coordinate}: signed-out users may only sign in`);
      }
    }
    if (problems.length) throw badInput(`Policy change refused: ${problems.join('; ')}`, { problems });
    const next: PolicyDocument = structuredClone(base);
    for (const c of changes) {
      const field = (next.fields[c.coordinate] ??= { cells: {} });
      if (c.access === 'deny' && !c.consent) delete field.cells[c.role];
      else
        field.cells[c.role] = {
          access: c.access as Cell['access'],
          ...(c.consent ? { consent: c.consent } : {}),
        };
    }
    const lockedOut = ADMIN_LIFELINE.filter((coord) => next.fields[coord]?.cells.ig_admin?.access !== 'any');
    if (lockedOut.length) {
      throw badInput(`Policy change refused: it would lock IG admins out of ${lockedOut.join(', ')}`, {
        problems: lockedOut.map((c) => `ig_admin must keep access to ${c}`),
      });
    }
    return next;
  }

  async publish(baseVersion: number, changes: CellChange[], comment: string, by: string, now: Date) {
    const base = await this.checkBase(baseVersion, comment);
    return this.insert(this.apply(base.document, changes), baseVersion, comment, by, now, null);
  }

  async rollback(toVersion: number, baseVersion: number, comment: string, by: string, now: Date) {
    await this.checkBase(baseVersion, comment);
    const target = await this.get(toVersion);
    return this.insert(target.document, baseVersion, comment, by, now, toVersion);
  }

  async createDraft(changes: CellChange[], by: string, now: Date): Promise<string> {
    const base = (await this.current()).document;
    const document = changes.length ? this.apply(base, changes) : base;
    const id = randomUUID();
    await this.store.drafts.insertOne({
      _id: id,
      rules: toRules(document),
      createdBy: by,
      expiresAt: new Date(now.getTime() + DRAFT_TTL_MS).toISOString(),
    });
    return id;
  }

  private async checkBase(baseVersion: number, comment: string): Promise<PolicyVersionDoc> {
    if (!tidyText(comment) || comment.length > 1000)
      throw badInput('A comment (1 to 1000 characters) is required');
    const current = await this.head.fresh();
    if (current.policyVersion !== baseVersion) {
      throw conflict(`The policy changed since you loaded it: current version is ${current.policyVersion}`, {
        currentVersion: current.policyVersion,
      });
    }
    return this.get(baseVersion);
  }

  private async insert(
    document: PolicyDocument,
    basedOn: number,
    comment: string,
    by: string,
    now: Date,
    rollbackOf: number | null,
  ): Promise<PolicyVersionDoc> {
    const version = basedOn + 1;
    const doc: PolicyVersionRecord = {
      _id: `v${version}`,
      version,
      rules: toRules(document),
      createdAt: now.toISOString(),
      createdBy: by,
      comment: tidyText(comment),
      basedOn,
      rollbackOf,
    };
    try {
      // The unique version index makes concurrent publishes on the same base: one wins.
      await this.store.policies.insertOne(doc);
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw conflict('Another admin published first; reload and reapply');
      throw e;
    }
    await this.store.head.updateOne({ _id: 'head' }, { $set: { policyVersion: version } });
    this.head.invalidate();
    return view(doc);
  }
}
