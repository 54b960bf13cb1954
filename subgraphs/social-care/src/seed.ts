import type { DocStore, Population } from '@care/common';
import { deriveClient } from './seeding/client';
import { deriveReferrals } from './seeding/referrals';
import { SocialCareDocStore } from './store/doc-store';
import type { AssessmentDoc, CaseNoteDoc, ClientDoc, ReferralDoc, ServiceDoc } from './store/port';

const CHUNK = 1000;

export interface SocialCareSeed {
  clients: ClientDoc[];
  assessments: AssessmentDoc[];
  services: ServiceDoc[];
  caseNotes: CaseNoteDoc[];
  referrals: ReferralDoc[];
}

/** Social care's records for everyone the population says it knows: pure, the same population giving the same docs. */
export function deriveSocialCare(population: Population): SocialCareSeed {
  const staff = new Map(population.socialWorkers.map((w) => [w.id, w]));
  const out: SocialCareSeed = { clients: [], assessments: [], services: [], caseNotes: [], referrals: [] };
  for (const person of population.people) {
    const records = deriveClient(person, population, staff);
    if (!records) continue;
    out.clients.push(records.client);
    out.assessments.push(...records.assessments);
    out.services.push(...records.services);
    out.caseNotes.push(...records.caseNotes);
  }
  out.referrals = deriveReferrals(population);
  return out;
}

async function inChunks<T>(docs: T[], put: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < docs.length; i += CHUNK) await put(docs.slice(i, i + CHUNK));
}

/** Seeds the social care store; `records` is the number of client records (one per person known). */
export async function seedSocialCare(store: DocStore, population: Population): Promise<{ records: number }> {
  const socialCare = new SocialCareDocStore(store);
  await socialCare.ensureIndexes();
  const seed = deriveSocialCare(population);
  await inChunks(seed.clients, (c) => socialCare.putClients(c));
  await inChunks(seed.assessments, (c) => socialCare.putAssessments(c));
  await inChunks(seed.services, (c) => socialCare.putServices(c));
  await inChunks(seed.caseNotes, (c) => socialCare.putCaseNotes(c));
  await inChunks(seed.referrals, (c) => socialCare.putReferrals(c));
  return { records: seed.clients.length };
}
