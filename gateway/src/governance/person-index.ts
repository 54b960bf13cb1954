import {
  isValidNhsNumber,
  type PersonRegistration,
  type RegistrationOptions,
  type RegistrationResult,
  type Unlinking,
} from '@care/common';
import { randomUUID } from 'node:crypto';
import type { MatchCandidate, MatchDoc, PersonIndexDoc } from './documents';
import type { HeadCache } from './head-cache';
import { foldName, nameKeys } from './search-keys';
import type { GovernanceStore } from './store';

/** A link needs this much agreement; below it a person is queued for an admin, never merged. */
export const STRONG_MATCH = 0.9;

/** How well a local record's demographics agree with an index entry (0 to 1). */
export function matchScore(
  r: Pick<PersonRegistration, 'givenName' | 'familyName' | 'dateOfBirth' | 'postcode'>,
  p: PersonIndexDoc,
): number {
  let score = 0;
  if (r.dateOfBirth === p.dateOfBirth) score += 0.4;
  if (foldName(r.familyName) === foldName(p.familyName)) score += 0.3;
  else if (nameKeys('', r.familyName).some((k) => p.nameKeys.includes(k))) score += 0.15;
  if (foldName(r.givenName) === foldName(p.givenName)) score += 0.2;
  else if (foldName(r.givenName).slice(0, 1) === foldName(p.givenName).slice(0, 1)) score += 0.05;
  if (
    r.postcode &&
    p.postcode &&
    r.postcode.replace(/\s/g, '').toUpperCase() === p.postcode.replace(/\s/g, '').toUpperCase()
  )
    score += 0.1;
  return Math.round(score * 100) / 100;
}

const SOURCE_FACT: Record<PersonRegistration['source'], 'gpPractice' | 'borough' | 'councilArea'> = {
  HEALTH: 'gpPractice',
  SOCIAL_CARE: 'borough',
  COUNCIL: 'councilArea',
};

/**
 * The person index: NHS number to local ids, and the facts relationships are decided on.
 * A record with a valid NHS number whose demographics agree is linked; anything else is held
 * in the matching queue with scored candidates for an admin to confirm or reject.
 */
export class PersonIndex {
  constructor(
    private readonly store: GovernanceStore,
    private readonly head: HeadCache,
  ) {}

  async register(
    entries: PersonRegistration[],
    now: Date,
    opts: RegistrationOptions = {},
  ): Promise<RegistrationResult> {
    const queue = opts.queue !== false;
    const result: RegistrationResult = { linked: [], held: [] };
    const numbers = entries.flatMap((e) =>
      e.nhsNumber && isValidNhsNumber(e.nhsNumber) ? [e.nhsNumber] : [],
    );
    const existing = new Map(
      (await this.store.persons.find({ _id: { $in: numbers } })).map((p) => [p._id, p]),
    );
    for (const e of entries) {
      if (!e.nhsNumber || !isValidNhsNumber(e.nhsNumber)) {
        if (queue)
          await this.hold(e, e.nhsNumber ? 'NHS number fails its check digit' : 'no NHS number', now);
        result.held.push({ localId: e.localId, reason: 'no verified NHS number' });
        continue;
      }
      const known = existing.get(e.nhsNumber);
      if (known && matchScore(e, known) < STRONG_MATCH - 0.2) {
        // Same NHS number, different person on paper: do not link on weak evidence.
        if (queue)
          await this.hold(e, 'demographics disagree with the person index', now, [
            { nhsNumber: known._id, score: matchScore(e, known) },
          ]);
        result.held.push({ localId: e.localId, reason: 'demographics disagree' });
        continue;
      }
      await this.link(e, e.nhsNumber, known ?? null);
      result.linked.push(e.nhsNumber);
    }
    if (result.linked.length) await this.head.bumpFacts();
    return result;
  }

  /** Links a local record to an NHS number, creating the index entry if the person is new. */
  async link(e: PersonRegistration, nhsNumber: string, known: PersonIndexDoc | null): Promise<void> {
    const fact = SOURCE_FACT[e.source];
    const factValue = e[fact] ?? null;
    const localIds = {
      ...(e.source === 'SOCIAL_CARE' && e.localId ? { socialCareClientId: e.localId } : {}),
      ...(e.source === 'COUNCIL' && e.localId ? { councilId: e.localId } : {}),
    };
    if (known) {
      const knownTo = known.knownTo.includes(e.source) ? known.knownTo : [...known.knownTo, e.source];
      await this.store.persons.updateOne(
        { _id: nhsNumber },
        { $set: { knownTo, ...localIds, ...(factValue ? { [fact]: factValue } : {}) } },
      );
      return;
    }
    await this.store.persons.insertOne({
      _id: nhsNumber,
      nhsNumber,
      givenName: e.givenName,
      familyName: e.familyName,
      dateOfBirth: e.dateOfBirth,
      postcode: e.postcode,
      gpPractice: null,
      borough: null,
      councilArea: null,
      socialCareClientId: null,
      councilId: null,
      allocatedWorker: null,
      knownTo: [e.source],
      nameKeys: nameKeys(e.givenName, e.familyName),
      ...(e.localId ? { createdFor: `${e.source}:${e.localId}` } : {}),
      ...localIds,
      ...(factValue ? { [fact]: factValue } : {}),
    });
  }

  /**
   * Takes back the link a social care record made, when the record was undone (a transfer import
   * whose call here failed in a way that may have hidden the link). Only while the index still
   * names that record for that borough: a link made since is not this one's to take back. The
   * entry goes only if that link is what brought the person into the index.
   */
  async unlink(u: Unlinking): Promise<boolean> {
    const p = await this.store.persons.findOne({ _id: u.nhsNumber });
    if (!p || p.socialCareClientId !== u.localId || p.borough !== u.borough) return false;
    const knownTo = p.knownTo.filter((s) => s !== 'SOCIAL_CARE');
    // Unchanged since read: a link another source made meanwhile is not lost with this one.
    const still = { _id: u.nhsNumber, socialCareClientId: u.localId, borough: u.borough, knownTo: p.knownTo };
    const taken =
      knownTo.length === 0 && p.createdFor === `SOCIAL_CARE:${u.localId}`
        ? await this.store.persons.deleteMany(still)
        : await this.store.persons.updateOne(still, {
            $set: { knownTo, socialCareClientId: null, borough: null },
          });
    if (taken > 0) await this.head.bumpFacts();
    return taken > 0;
  }

  /** Candidates share the date of birth or a name key; scored, best first. */
  async candidates(
    e: Pick<PersonRegistration, 'givenName' | 'familyName' | 'dateOfBirth' | 'postcode'>,
  ): Promise<MatchCandidate[]> {
    const found = await this.store.persons.find(
      { $or: [{ dateOfBirth: e.dateOfBirth }, { nameKeys: { $in: nameKeys('', e.familyName) } }] },
      { limit: 200 },
    );
    return found
      .map((p) => ({ nhsNumber: p._id, score: matchScore(e, p) }))
      .filter((c) => c.score >= 0.3)
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
  }

  /** A link or index change: caches keyed by the facts epoch must start again. */
  changed(): Promise<void> {
    return this.head.bumpFacts();
  }

  /** Queues a record for an admin: used for imports and for seeded records with no NHS number. */
  async hold(e: PersonRegistration, reason: string, now: Date, known: MatchCandidate[] = []): Promise<void> {
    const key = `${e.source}:${e.localId ?? `${e.familyName}|${e.dateOfBirth}`}`;
    const open = await this.store.matches.findOne({ key, status: 'OPEN' });
    if (open) return;
    const candidates = known.length ? known : await this.candidates(e);
    const doc: MatchDoc = {
      _id: `MQ-${randomUUID()}`,
      key,
      registration: e,
      reason,
      candidates,
      status: 'OPEN',
      createdAt: now.toISOString(),
      decidedBy: null,
      decidedAt: null,
      linkedTo: null,
    };
    await this.store.matches.insertOne(doc);
  }
}
